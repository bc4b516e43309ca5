/**
 * Tokens still in the running, with their logits. Processors narrow `length` and reorder in place,
 * so a sampler reuses the same two arrays for every token.
 */
export interface Candidates {
  ids: Int32Array;
  logits: Float32Array;
  /** Entries in use, from index 0. */
  length: number;
  /** Entries are sorted by logit, highest first. */
  sorted: boolean;
}

export function createCandidates(capacity: number): Candidates {
  return { ids: new Int32Array(capacity), logits: new Float32Array(capacity), length: 0, sorted: false };
}

/** Fills `c` with the whole vocabulary from `logits` (vocab). */
export function fillFromLogits(c: Candidates, logits: Float32Array): void {
  for (let i = 0; i < logits.length; i++) {
    c.ids[i] = i;
    c.logits[i] = logits[i]!;
  }
  c.length = logits.length;
  c.sorted = false;
}

/** Sorts the live entries by logit, highest first (ties: lower id first, for reproducibility). */
export function sortCandidates(c: Candidates): void {
  if (c.sorted) return;
  const order = Array.from({ length: c.length }, (_, i) => i);
  order.sort((a, b) => c.logits[b]! - c.logits[a]! || c.ids[a]! - c.ids[b]!);
  const ids = order.map((i) => c.ids[i]!);
  const logits = order.map((i) => c.logits[i]!);
  c.ids.set(ids);
  c.logits.set(logits);
  c.sorted = true;
}

/** Index of the highest logit among the live entries (lowest id on ties, as llama.cpp's greedy sampler). */
export function argmaxIndex(c: Candidates): number {
  let best = 0;
  for (let i = 1; i < c.length; i++) {
    const better =
      c.logits[i]! > c.logits[best]! || (c.logits[i] === c.logits[best] && c.ids[i]! < c.ids[best]!);
    if (better) best = i;
  }
  return best;
}

/** Softmax of the live logits into `out`, by entry index (f64 sums). */
export function softmaxInto(c: Candidates, out: Float64Array): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < c.length; i++) max = Math.max(max, c.logits[i]!);
  let sum = 0;
  for (let i = 0; i < c.length; i++) {
    const e = Math.exp(c.logits[i]! - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < c.length; i++) out[i] = out[i]! / sum;
}
