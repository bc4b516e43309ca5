// The phi3 synthetic models. phi3 has no attention.key_length: its residual width is heads x head_dim, so
// Phi-4-mini's 24 query heads of 128 would make every test file 3072 wide (about 30M weights a layer, minutes
// on the CPU reference). These keep Phi-4-mini's head dim (128), its 3:1 grouping of query heads on KV heads,
// its partial rotation (NeoX RoPE over 96 of the 128 dims), tied head and fused attn_qkv and gate|up ffn_up,
// with 6 query heads on 2 KV heads (residual width 768 instead of 3072), 1 layer instead of 32, an FFN width of
// 256 instead of 8192 and a vocabulary of 512 instead of 200064; LongRoPE with an original context of 256
// (Phi-4-mini: 4096) so that the 512-token tests take the long factors; in F16, Q8_0 and Q4_K_M. And a
// Phi-3.5-mini-like F32 file: MHA with Phi-3.5-mini's head dim 96 (8 heads of 96 instead of 32), untied head,
// 1 layer, the original context of 4096 (short factors at 512 tokens) and a 64-token attention.sliding_window key, which
// llama.cpp reads and disables for phi3 (so do we: the test shows both attend past it). The real Phi-4-mini
// shape is in the bench catalog (bench/src/models/catalog.ts).
import { GgmlType } from '@wgllm/gguf';
import {
  FAMILY_FILE_TYPES,
  type FamilyReferenceSet,
  familyModels,
  q4KMediumTypes,
} from './family-reference-set.ts';
import { phi3Model } from './synthetic-phi3.ts';

const phi4Mini = { nEmbd: 768, nFf: 256, nLayer: 1, vocab: 512, nHead: 6, nHeadKv: 2, headDim: 128 };
const phi4MiniRope = { nRot: 96, freqBase: 10000, context: 8192, origContext: 256, slidingWindow: 262144 };
const phi35Mini = { ...phi4Mini, nHead: 8, nHeadKv: 8, headDim: 96 };
const phi35MiniRope = { nRot: 96, freqBase: 10000, context: 131072, origContext: 4096, slidingWindow: 64 };

/** llama.cpp's Q4_K_M mix for phi3: the llama mix, with attn_qkv in Q5_K (llama-quant.cpp). */
function phi3Q4KMedium(nLayer: number, tiedOutput: boolean): Record<string, GgmlType> {
  const types = q4KMediumTypes(nLayer, tiedOutput);
  for (let l = 0; l < nLayer; l++) types[`blk.${l}.attn_qkv.weight`] = GgmlType.Q5_K;
  return types;
}

export const PHI3_SET: FamilyReferenceSet = {
  name: 'phi3',
  referenceUrl: new URL('../../fixtures/synthetic-phi3-references.json', import.meta.url),
  models: [
    // Seeds whose greedy runs (llama.cpp's and ours) do not fall into a loop of a few tokens.
    ...familyModels(
      'phi4-mini',
      FAMILY_FILE_TYPES,
      { F16: 62, Q8_0: 62, Q4_K_M: 66 },
      (type, seed) => phi3Model({ type, ...phi4Mini, tiedOutput: true, seed }, phi4MiniRope),
      phi3Q4KMedium,
    ),
    {
      name: 'phi35-mini-swa-F32',
      spec: phi3Model({ type: GgmlType.F32, ...phi35Mini, tiedOutput: false, seed: 54 }, phi35MiniRope),
      llamaCppBounds: FAMILY_FILE_TYPES[0]!.bounds,
    },
  ],
};
