// The Granite 3.x synthetic models: granite-3.3-2b-instruct's heads (32 query heads of 64 sharing 8 KV heads,
// tied head, rope base 1e7) and multipliers (embedding 12, residual 0.22, attention 1/64, logits / 8) on a
// residual width of 256 instead of 2048 and 2 layers, in F32, Q8_0 and Q4_K_M. The llama tensors with the
// multipliers compensated in the weights, so that scores, the residual stream and the logits spread as on
// the llama sets: a model whose graph dropped a multiplier predicts other tokens.
import { type GgmlType, ggufValue } from '@wgllm/gguf';
import {
  F32_AND_QUANTIZED_FILE_TYPES,
  type FamilyReferenceSet,
  familyModels,
} from './family-reference-set.ts';
import { type FamilyModelSpec, scaledTensor } from './synthetic-family.ts';

const shape = { nEmbd: 256, nFf: 512, nLayer: 2, vocab: 512, nHead: 32, nHeadKv: 8, headDim: 64 };
/** granite-3.3-2b-instruct's config.json: embedding_multiplier, residual_multiplier, attention_multiplier, logits_scaling. */
const multipliers = { embedding: 12, residual: 0.22, attention: 1 / 64, logit: 8 };

/** Weight factors that undo the multipliers' effect on the llama generator's tensors. */
function compensation(name: string): number {
  const m = multipliers;
  // The tied head divided by logit_scale; the embedding it also is, times embedding_scale.
  if (name === 'token_embd.weight') return m.logit;
  // Scores times attention.scale instead of 1 / sqrt(head_dim).
  if (name.endsWith('.attn_q.weight')) return 1 / (m.attention * Math.sqrt(shape.headDim));
  // Block outputs times residual_scale against the scaled embedding.
  if (name.endsWith('.attn_output.weight') || name.endsWith('.ffn_down.weight'))
    return (m.embedding * m.logit) / m.residual;
  return 1;
}

/** The spec of each file type's model. */
function granite(type: GgmlType, seed: number): FamilyModelSpec {
  return {
    base: { architecture: 'llama', type, ...shape, tiedOutput: true, seed },
    architecture: 'granite',
    metadata: {
      'granite.rope.freq_base': ggufValue.f32(10_000_000),
      'granite.embedding_scale': ggufValue.f32(multipliers.embedding),
      'granite.residual_scale': ggufValue.f32(multipliers.residual),
      'granite.attention.scale': ggufValue.f32(multipliers.attention),
      'granite.logit_scale': ggufValue.f32(multipliers.logit),
    },
    editTensors: (tensors) => tensors.map((t) => scaledTensor(t, compensation(t.name))),
  };
}

export const GRANITE_SET: FamilyReferenceSet = {
  name: 'granite',
  referenceUrl: new URL('../../fixtures/synthetic-granite-references.json', import.meta.url),
  // Seeds whose greedy runs start clear of near-ties: more tokens checked before the first.
  models: familyModels('granite', F32_AND_QUANTIZED_FILE_TYPES, { F32: 67, Q8_0: 71, Q4_K_M: 64 }, granite),
};
