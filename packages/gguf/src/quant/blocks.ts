// What every block format's reference quantizer shares: the walk over blocks, ggml's scan for the value of
// largest magnitude, and C's guarded reciprocal of a scale.

/** Below this max |x| a group is treated as all zero (GROUP_MAX_EPS = 1e-15f). */
export const GROUP_MAX_EPS = Math.fround(1e-15);

/** Calls `block(x, o)` for each block of `blockSize` values among `count`: x is its first value, o its first byte. */
export function forEachBlock(
  count: number,
  blockSize: number,
  blockBytes: number,
  block: (x: number, o: number) => void,
): void {
  const blocks = count / blockSize;
  for (let b = 0; b < blocks; b++) block(b * blockSize, b * blockBytes);
}

/**
 * The element of x[offset .. offset+n) with the largest magnitude, the first one on ties, 0 when all are 0.
 * A NaN never wins (`if (ax > amax)`, as ggml scans): |result| is ggml's amax and the result its max.
 */
export function signedAbsMax(x: ArrayLike<number>, offset: number, n: number): number {
  let amax = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const v = x[offset + i] as number;
    const av = Math.abs(v);
    if (av > amax) {
      amax = av;
      max = v;
    }
  }
  return max;
}

/** C's `d ? 1.0f/d : 0.0f`. */
export function reciprocalOrZero(d: number): number {
  return d !== 0 ? Math.fround(1 / d) : 0;
}
