// CPU reference of sample_tail.wgsl, including its noise: the same hash gives the same draw.
import { BANNED_LOGIT } from '../logit-adjust/logit-adjust.ts';

export interface TailStats {
  /** Sum over the vocabulary of exp(l - max). */
  sumAll: number;
  /** Sum over the tail (logits below the k-th largest) of exp((l - max) / T). */
  sumTail: number;
  /** The tail's Gumbel-max draw (0xffffffff when no tail token has mass). */
  tailId: number;
  tailCount: number;
}

function pcgHash(v: number): number {
  const state = (Math.imul(v >>> 0, 747796405) + 2891336453) >>> 0;
  const word = Math.imul(((state >>> ((state >>> 28) + 4)) ^ state) >>> 0, 277803737) >>> 0;
  return ((word >>> 22) ^ word) >>> 0;
}

/** The kernel's Gumbel noise for token `id` at draw `step` of a request seeded with `seed`. */
export function gumbelNoise(seed: number, step: number, id: number): number {
  const bits = pcgHash((id ^ pcgHash((seed ^ pcgHash(step)) >>> 0)) >>> 0);
  const u = ((bits >>> 8) + 0.5) / 16777216;
  return -Math.log(-Math.log(u));
}

/** `topValues` are the k largest logits, descending. */
export function sampleTailRef(
  logits: Float32Array,
  topValues: ArrayLike<number>,
  k: number,
  temperature: number,
  seed: number,
  step: number,
): TailStats {
  const max = topValues[0]!;
  const hasTail = k < logits.length;
  const threshold = topValues[Math.min(k, logits.length) - 1]!;
  const stats: TailStats = { sumAll: 0, sumTail: 0, tailId: 0xffffffff, tailCount: 0 };
  let bestKey = Number.NEGATIVE_INFINITY;
  logits.forEach((l, id) => {
    if (l === BANNED_LOGIT) return; // no mass
    stats.sumAll += Math.exp(l - max);
    if (!hasTail || l >= threshold) return;
    const z = (l - max) / temperature;
    stats.sumTail += Math.exp(z);
    stats.tailCount++;
    const key = z + gumbelNoise(seed, step, id);
    if (key > bestKey) {
      bestKey = key;
      stats.tailId = id;
    }
  });
  return stats;
}
