// Compares a model's logits with reference log-probabilities (llama.cpp's), as the runtime's tests report them.

/** ln softmax(logits) (vocab), computed in f64. */
export function logSoftmax(logits: ArrayLike<number>): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const logZ = max + Math.log(sum);
  return Float64Array.from({ length: logits.length }, (_, i) => logits[i]! - logZ);
}

/** KL(reference || candidate) in nats, both given as log-probabilities over the same vocabulary. */
export function klDivergence(
  referenceLogProbs: ArrayLike<number>,
  candidateLogProbs: ArrayLike<number>,
): number {
  let kl = 0;
  for (let i = 0; i < referenceLogProbs.length; i++) {
    const lp = referenceLogProbs[i]!;
    kl += Math.exp(lp) * (lp - candidateLogProbs[i]!);
  }
  return kl;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

/** Index of the largest value (first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
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
