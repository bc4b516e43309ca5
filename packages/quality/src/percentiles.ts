// Order statistics of a sample, as llama-perplexity's KL-divergence report gives them.

/** The p-th percentile (p in 0..100) of `sorted` (ascending), interpolating linearly between ranks. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (rank - lo);
}

export interface SampleSummary {
  count: number;
  mean: number;
  /** Standard error of the mean. */
  stderr: number;
  min: number;
  median: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(values: ArrayLike<number>): SampleSummary {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  let sumSq = 0;
  for (const v of sorted) {
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / n;
  const variance = n > 1 ? Math.max(0, (sumSq / n - mean * mean) * (n / (n - 1))) : 0;
  return {
    count: n,
    mean,
    stderr: Math.sqrt(variance / n),
    min: sorted[0] ?? Number.NaN,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[n - 1] ?? Number.NaN,
  };
}
