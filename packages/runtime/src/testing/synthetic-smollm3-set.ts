// The SmolLM3 synthetic models: SmolLM3-3B's heads (16 query heads of 128 sharing 4 KV heads, tied head,
// rope base 5e6) on a residual width of 256 instead of 2048 and 4 layers instead of 36, so that layer 3 is a
// NoPE layer; in F16, Q8_0 and Q4_K_M.
import { ggufValue } from '@wgllm/gguf';
import {
  FAMILY_FILE_TYPES,
  type FamilyFileType,
  type FamilyReferenceSet,
  type FamilySyntheticModel,
  q4KMediumTypes,
} from './family-reference-set.ts';

const shape = { nEmbd: 256, nFf: 512, nLayer: 4, vocab: 512, nHead: 16, nHeadKv: 4, headDim: 128 };

function smollm3({ name, type, bounds }: FamilyFileType, seed: number): FamilySyntheticModel {
  return {
    name: `smollm3-${name}`,
    spec: {
      base: { architecture: 'llama', type, ...shape, tiedOutput: true, seed },
      architecture: 'smollm3',
      metadata: { 'smollm3.rope.freq_base': ggufValue.f32(5_000_000) },
      ...(name === 'Q4_K_M' && { types: q4KMediumTypes(shape.nLayer, true) }),
    },
    llamaCppBounds: bounds,
  };
}

export const SMOLLM3_SET: FamilyReferenceSet = {
  name: 'smollm3',
  referenceUrl: new URL('../../fixtures/synthetic-smollm3-references.json', import.meta.url),
  models: FAMILY_FILE_TYPES.map((f, i) => smollm3(f, 41 + i)),
};
