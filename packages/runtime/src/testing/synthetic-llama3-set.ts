// The llama 3.x synthetic models: Llama-3.2-1B's heads (32 query heads of 64 sharing 8 KV heads, tied head,
// rope base 500000, rope_freqs) on a residual width of 256 instead of 2048 and 2 layers, so CPU adapters run
// them in seconds; in F16, Q8_0 and Q4_K_M. The rope_freqs are llama 3.1's formula (factor 32, low/high
// frequency factors 1 and 4) with an original context of 64 instead of 8192, so most pairs are scaled within
// the 512 tokens tested. And a llama-architecture YaRN file with a 64-token sliding-window key (Mistral style).
import { GgmlType } from '@wgllm/gguf';
import {
  FAMILY_FILE_TYPES,
  type FamilyFileType,
  type FamilyReferenceSet,
  type FamilySyntheticModel,
  q4KMediumTypes,
} from './family-reference-set.ts';
import { type Llama3Rope, llama3Model } from './synthetic-llama3.ts';

const llama32Heads = { nHead: 32, nHeadKv: 8, headDim: 64 };
const shape = { nEmbd: 256, nFf: 512, nLayer: 2, vocab: 512, ...llama32Heads };
const llama31Rope: Llama3Rope = {
  kind: 'llama3',
  freqBase: 500000,
  scaling: { factor: 32, lowFreqFactor: 1, highFreqFactor: 4, origContext: 64 },
};

function llama3({ name, type, bounds }: FamilyFileType, seed: number): FamilySyntheticModel {
  const types = name === 'Q4_K_M' ? q4KMediumTypes(shape.nLayer, true) : undefined;
  return {
    name: `llama3-${name}`,
    spec: llama3Model({ type, ...shape, tiedOutput: true, seed }, llama31Rope, types),
    llamaCppBounds: bounds,
  };
}

export const LLAMA3_SET: FamilyReferenceSet = {
  name: 'llama3',
  referenceUrl: new URL('../../fixtures/synthetic-llama3-references.json', import.meta.url),
  models: [
    ...FAMILY_FILE_TYPES.map((f, i) => llama3(f, 31 + i)),
    {
      name: 'llama-yarn-swa-F32',
      spec: llama3Model(
        { type: GgmlType.F32, ...shape, nHead: 8, nHeadKv: 2, headDim: 32, tiedOutput: false, seed: 34 },
        { kind: 'yarn', freqBase: 10000, factor: 4, origContext: 128, slidingWindow: 64 },
      ),
      llamaCppBounds: FAMILY_FILE_TYPES[0]!.bounds,
    },
  ],
};
