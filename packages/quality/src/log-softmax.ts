// ln softmax over a vocabulary, in f64 so that tail log-probabilities keep their precision.

/** ln softmax(logits) (vocab) written into `out` (vocab); returns `out`. */
export function logSoftmax(logits: ArrayLike<number>, out = new Float64Array(logits.length)): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const logZ = max + Math.log(sum);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! - logZ;
  return out;
}

/** Index of the largest value (the first on ties, as llama.cpp's argmax). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
