// The weighted sums make_qx_quants and make_q3_quants both score a candidate scale with: signed levels
// l = nearest_int(iscale * x) in -nmax..nmax-1, weights w = x^2. Float32 rounding follows C's evaluation order.

import { GROUP_MAX_EPS, signedAbsMax } from '../blocks.ts';
import { nearestInt } from '../c-rounding.ts';

/**
 * Quantizes x[xOff .. xOff+n) to levels 0..2*nmax-1 (level - nmax is the signed quant) written to
 * levels[lOff ..]. Returns the scale: value ~ scale * (level - nmax).
 */
export type SymmetricQuantizer = (
  n: number,
  nmax: number,
  x: Float32Array,
  xOff: number,
  levels: Int8Array,
  lOff: number,
) => number;

/** nearest_int(iscale * x) clamped to -nmax..nmax-1. */
export function symmetricLevel(iscale: number, x: number, nmax: number): number {
  return Math.max(-nmax, Math.min(nmax - 1, nearestInt(Math.fround(iscale * x))));
}

/**
 * [Σ w·x·l, Σ w·l²] over x[xOff .. xOff+n) for the levels `iscale` gives; the signed levels go to
 * levels[lOff ..] when `levels` is given.
 */
export function weightedLevelSums(
  n: number,
  nmax: number,
  iscale: number,
  x: Float32Array,
  xOff: number,
  levels?: Int8Array,
  lOff = 0,
): [number, number] {
  const fr = Math.fround;
  let sumlx = 0;
  let suml2 = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[xOff + i] as number;
    const l = symmetricLevel(iscale, xi, nmax);
    if (levels) levels[lOff + i] = l;
    const w = fr(xi * xi);
    sumlx = fr(sumlx + fr(fr(w * xi) * l));
    suml2 = fr(suml2 + fr(fr(w * l) * l));
  }
  return [sumlx, suml2];
}

/**
 * The first pass of both: iscale = -nmax / max (max the value of largest magnitude), signed levels written to
 * levels[lOff ..]. Undefined, with those levels zeroed, for a group whose max |x| is below GROUP_MAX_EPS.
 */
export function firstSymmetricPass(
  ...[n, nmax, x, xOff, levels, lOff]: Parameters<SymmetricQuantizer>
): { max: number; sumlx: number; suml2: number } | undefined {
  const max = signedAbsMax(x, xOff, n);
  if (Math.abs(max) < GROUP_MAX_EPS) {
    levels.fill(0, lOff, lOff + n);
    return undefined;
  }
  const [sumlx, suml2] = weightedLevelSums(n, nmax, Math.fround(-nmax / max), x, xOff, levels, lOff);
  return { max, sumlx, suml2 };
}

/**
 * Quantizes the 16 groups of 16 of the super-block at values[x] (Q3_K, Q6_K): biased levels to levels[0..256),
 * group scales to scales[0..16). Returns the group scale of largest magnitude.
 */
export function quantizeGroupsOf16(
  quantize: SymmetricQuantizer,
  nmax: number,
  values: Float32Array,
  x: number,
  levels: Int8Array,
  scales: Float32Array,
): number {
  for (let g = 0; g < 16; g++) scales[g] = quantize(16, nmax, values, x + 16 * g, levels, 16 * g);
  return signedAbsMax(scales, 0, 16);
}

/**
 * The second pass of Q3_K and Q6_K for one group: levels[lOff + i] = clamp(nearest_int(x / d), -nmax, nmax-1)
 * + nmax with d the stored (rounded) group scale. A group whose d is 0 keeps its first-pass levels.
 */
export function requantizeSymmetric(
  n: number,
  nmax: number,
  d: number,
  x: Float32Array,
  xOff: number,
  levels: Int8Array,
  lOff: number,
): void {
  if (d === 0) return;
  for (let i = 0; i < n; i++) {
    const l = nearestInt(Math.fround((x[xOff + i] as number) / d));
    levels[lOff + i] = Math.max(-nmax, Math.min(nmax - 1, l)) + nmax;
  }
}
