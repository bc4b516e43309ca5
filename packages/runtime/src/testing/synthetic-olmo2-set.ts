// The OLMo 2 synthetic models: OLMo-2-0425-1B's attention at its real size (16 heads of 128, all 16 KV heads,
// n_embd 2048: llama.cpp's olmo2 projections are n_embd x n_embd, so the width cannot shrink with the heads
// kept) in one layer, its rope base 500000 and RMS eps 1e-6, the FFN (8192) and vocabulary (100352) reduced.
// The llama tensors, their pre-norms replaced by olmo2's post-attention / post-FFN norms and the Q/K norms
// over the whole projection, as convert_hf_to_gguf writes them; untied head. In F32, Q8_0 and Q4_K_M.
import { type GgmlType, ggufValue } from '@wgllm/gguf';
import {
  F32_AND_QUANTIZED_FILE_TYPES,
  type FamilyReferenceSet,
  familyModels,
} from './family-reference-set.ts';
import { type FamilyModelSpec, uniformTensor } from './synthetic-family.ts';

const shape = { nEmbd: 2048, nFf: 256, nLayer: 1, vocab: 512, nHead: 16, nHeadKv: 16, headDim: 128 };
const qDim = shape.nHead * shape.headDim;
const kvDim = shape.nHeadKv * shape.headDim;

/** The spec of each file type's model. */
function olmo2(type: GgmlType, seed: number): FamilyModelSpec {
  return {
    base: { architecture: 'llama', type, ...shape, tiedOutput: false, seed },
    architecture: 'olmo2',
    metadata: {
      'olmo2.rope.freq_base': ggufValue.f32(500000),
      'olmo2.attention.layer_norm_rms_epsilon': ggufValue.f32(1e-6),
    },
    editTensors: (tensors, random) => {
      const norm = (name: string, length: number) => uniformTensor(random, name, [length], 0.15, 1);
      return tensors.flatMap((t) => {
        const blk = t.name.split('.').slice(0, 2).join('.'); // blk.<layer>
        if (/\.(attn|ffn)_norm\.weight$/.test(t.name)) return [];
        if (t.name.endsWith('.attn_k.weight'))
          return [t, norm(`${blk}.attn_q_norm.weight`, qDim), norm(`${blk}.attn_k_norm.weight`, kvDim)];
        if (t.name.endsWith('.attn_output.weight'))
          return [t, norm(`${blk}.post_attention_norm.weight`, shape.nEmbd)];
        if (t.name.endsWith('.ffn_down.weight')) return [t, norm(`${blk}.post_ffw_norm.weight`, shape.nEmbd)];
        return [t];
      });
    },
  };
}

export const OLMO2_SET: FamilyReferenceSet = {
  name: 'olmo2',
  referenceUrl: new URL('../../fixtures/synthetic-olmo2-references.json', import.meta.url),
  // Seeds whose greedy runs start clear of near-ties: more tokens checked before the first.
  models: familyModels('olmo2', F32_AND_QUANTIZED_FILE_TYPES, { F32: 53, Q8_0: 58, Q4_K_M: 55 }, olmo2),
  // A 2048-wide model costs the GPU suites ~5x a llama set's on each adapter: the mixed Q4_K / Q6_K file there.
  gpuModels: ['olmo2-Q4_K_M'],
};
