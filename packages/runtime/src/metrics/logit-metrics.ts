// Log-probability arithmetic for comparing a model's logits with a reference (llama.cpp's, or another
// quantization's): the runtime's tests and the quality lab use these, once.
export { argmaxRef as argmax } from '@wgllm/kernels';

/** ln softmax(logits) (vocab) written into `out` (vocab), in f64 so that tail log-probabilities keep their precision. */
export function logSoftmax(logits: ArrayLike<number>, out = new Float64Array(logits.length)): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const logZ = max + Math.log(sum);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! - logZ;
  return out;
}

/**
 * KL(P || Q) in nats over the whole vocabulary, both given as log-probabilities: sum_i p_i (ln p_i - ln q_i).
 * Not clamped at 0: against a rounded reference (f16 log-probs) a position's figure is noisy by about the
 * rounding, and clamping each position would bias the mean upwards.
 */
export function klDivergence(baseLogProbs: ArrayLike<number>, candidateLogProbs: ArrayLike<number>): number {
  let kl = 0;
  for (let i = 0; i < baseLogProbs.length; i++) {
    const lp = baseLogProbs[i]!;
    const p = Math.exp(lp);
    if (p > 0) kl += p * (lp - candidateLogProbs[i]!);
  }
  return kl;
}

/**
 * KL(P || Q) from P's top-K tokens only: the other tokens are merged into one "rest" outcome on both sides,
 * which gives a lower bound on the full KL (coarsening never increases divergence), exact when K = vocab.
 */
export function klDivergenceTopK(
  baseTokens: ArrayLike<number>, // (K) token ids
  baseLogProbs: ArrayLike<number>, // (K) ln p of those tokens
  candidateLogProbs: ArrayLike<number>, // (vocab)
): number {
  let kl = 0;
  let pTop = 0;
  let qTop = 0;
  for (let i = 0; i < baseTokens.length; i++) {
    const lp = baseLogProbs[i]!;
    const lq = candidateLogProbs[baseTokens[i]!]!;
    const p = Math.exp(lp);
    pTop += p;
    qTop += Math.exp(lq);
    if (p > 0) kl += p * (lp - lq);
  }
  const pRest = Math.max(0, 1 - pTop);
  const qRest = Math.max(0, 1 - qTop);
  if (pRest > 1e-12 && qRest > 0) kl += pRest * Math.log(pRest / qRest);
  return Math.max(0, kl);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** ln(p1 / p2) under which the two most likely tokens are a near-tie that rounding may flip (issue #5). */
export const NEAR_TIE = 0.15;

/** The two most likely tokens. */
export interface TopTwo {
  first: number;
  second: number;
  /** ln(p1 / p2), the difference of their logits. */
  margin: number;
}

export function topTwo(logits: ArrayLike<number>): TopTwo {
  let first = 0;
  let second = -1;
  for (let i = 1; i < logits.length; i++) {
    if (logits[i]! > logits[first]!) {
      second = first;
      first = i;
    } else if (second < 0 || logits[i]! > logits[second]!) second = i;
  }
  return { first, second, margin: logits[first]! - logits[second]! };
}
