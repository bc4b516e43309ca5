// Deterministic float32 inputs covering the edge cases of ggml's quantizers, for the bit-exactness tests.

import { seededRandom } from '../../testing/seeded-random.ts';

// Also the bench's source of inputs (bench/quant-throughput.ts).
export { seededRandom };

/** Standard normal samples (Box-Muller) from a uniform source. */
export function normalSampler(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

/** Value of element `i` of a block of `size`, given normal and uniform samplers. */
type ElementFn = (i: number, size: number, normal: () => number, random: () => number) => number;

/** One generator per edge case; each block of the output uses the next one in turn. */
const cases: readonly ElementFn[] = [
  (_i, _s, n) => n(),
  (_i, _s, n) => n() * 1e-3,
  (_i, _s, n) => n() * 1e3,
  () => 0,
  (i, s, n) => (i === s >> 1 ? 5e3 : n()), // one huge outlier
  (_i, _s, n) => n() * 1e30,
  (_i, _s, n) => n() * 1e-30,
  (_i, _s, n) => n() * 1e-40, // float32 subnormals
  (_i, _s, n) => -Math.abs(n()),
  (_i, _s, n) => Math.abs(n()) + 2, // positive-only, min far from zero
  () => 0.7,
  () => -3.25,
  (_i, _s, n, r) => n() * 10 ** Math.floor(r() * 12 - 6), // mixed scales per element
  (i, _s, n) => n() * 10 ** ((i >> 4) % 4) * 0.01, // scale changes every 16 values
  (_i, _s, _n, r) => Math.round(r() * 16 - 8) * 0.25, // values on a coarse grid: ties
];

/** [blocks * blockSize] f32; blocks cycle through the edge cases, starting with a random-normal block. */
export function edgeCaseBlocks(blockSize: number, blocks: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const normal = normalSampler(random);
  const values = new Float32Array(blockSize * blocks);
  for (let b = 0; b < blocks; b++) {
    const element = cases[b % cases.length] as ElementFn;
    for (let i = 0; i < blockSize; i++) values[b * blockSize + i] = element(i, blockSize, normal, random);
  }
  return values;
}
