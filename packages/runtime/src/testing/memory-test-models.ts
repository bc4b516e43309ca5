// Small models the memory estimate's tests share: a llama-layout shape, and a gemma3 with sliding-window layers.

import { syntheticGemma } from './synthetic-gemma.ts';
import type { SyntheticShape } from './synthetic-model.ts';

export const smallShape: SyntheticShape = {
  nEmbd: 128,
  nFf: 320,
  nLayer: 2,
  nHead: 4,
  nHeadKv: 2,
  headDim: 32,
  vocab: 300,
};

/** Two 32-position window layers and one global layer (gemma3's pattern 3), 64-wide heads, F32. */
export function windowedGemma3(): Uint8Array {
  return syntheticGemma({
    architecture: 'gemma3',
    ...smallShape,
    nLayer: 3,
    headDim: 64,
    slidingWindow: 32,
    pattern: 3,
    fileType: 'F32',
    seed: 3,
  });
}
