// The SmolLM3 synthetic models: SmolLM3-3B's heads (16 query heads of 128 sharing 4 KV heads, tied head,
// rope base 5e6) on a residual width of 256 instead of 2048 and 4 layers instead of 36, so that layer 3 is a
// NoPE layer; in F16, Q8_0 and Q4_K_M.
import { GgmlType, ggufValue } from '@wgllm/gguf';
import {
  type FamilyReferenceSet,
  type FamilySyntheticModel,
  q4KMediumTypes,
} from './family-reference-set.ts';
import type { LlamaCppBounds } from './synthetic-model-set.ts';

const shape = { nEmbd: 256, nFf: 512, nLayer: 4, vocab: 512, nHead: 16, nHeadKv: 4, headDim: 128 };

/** Set from this set's recording (see synthetic-llama3-set.ts for what limits each). */
const boundsOf: Record<string, LlamaCppBounds> = {
  F16: { maxLogprobDiff: 0.05, meanKl: 3e-5 },
  Q8_0: { maxLogprobDiff: 0.66, meanKl: 3.5e-3 },
  Q4_K_M: { maxLogprobDiff: 1, meanKl: 7.5e-3 },
};

function smollm3(type: GgmlType, fileType: string, seed: number): FamilySyntheticModel {
  return {
    name: `smollm3-${fileType}`,
    spec: {
      base: { architecture: 'llama', type, ...shape, tiedOutput: true, seed },
      architecture: 'smollm3',
      metadata: { 'smollm3.rope.freq_base': ggufValue.f32(5_000_000) },
      ...(fileType === 'Q4_K_M' && { types: q4KMediumTypes(shape.nLayer, true) }),
    },
    llamaCppBounds: boundsOf[fileType]!,
  };
}

export const SMOLLM3_SET: FamilyReferenceSet = {
  name: 'smollm3',
  referenceUrl: new URL('../../fixtures/synthetic-smollm3-references.json', import.meta.url),
  models: [
    smollm3(GgmlType.F16, 'F16', 41),
    smollm3(GgmlType.Q8_0, 'Q8_0', 42),
    smollm3(GgmlType.Q4_K, 'Q4_K_M', 43),
  ],
};
