// make_qkx2_quants: asymmetric (scale, min) search for one group, as in ggml-quants.c. Every float operation is
// rounded to float32 (Math.fround) in C's evaluation order, so the chosen levels match ggml's bit for bit.

import { nearestInt } from '../c-rounding.ts';

export interface Qkx2Search {
  /** Largest level (3 for Q2_K, 15 for Q4_K, 31 for Q5_K). */
  nmax: number;
  /** First and step of the candidate iscale offsets: (rmin + rdelta * is + nmax) / (max - min), is = 0..nstep. */
  rmin: number;
  rdelta: number;
  nstep: number;
  /** Error is weighted |diff| when true, weighted diff^2 when false. */
  useMad: boolean;
}

/** Working memory for makeQkx2Quants, sized for the largest group (32). */
export interface Qkx2Scratch {
  shifted: Float32Array; // [n] x - min
  levels: Uint8Array; // [n] candidate levels
}

export function qkx2Scratch(): Qkx2Scratch {
  return { shifted: new Float32Array(32), levels: new Uint8Array(32) };
}

/**
 * Quantizes x[xOff .. xOff+n) to levels 0..nmax written to levels[lOff ..], value ~ scale * level - theMin.
 * weights: [n] f32. Returns the scale; writes theMin to mins[minIndex].
 */
export function makeQkx2Quants(
  n: number,
  search: Qkx2Search,
  x: Float32Array,
  xOff: number,
  weights: Float32Array,
  levels: Uint8Array,
  lOff: number,
  scratch: Qkx2Scratch,
  mins: Float32Array,
  minIndex: number,
): number {
  const { nmax, rmin, rdelta, nstep, useMad } = search;
  const fr = Math.fround;
  let min = x[xOff] as number;
  let max = min;
  let sumW = weights[0] as number;
  let sumX = fr(sumW * min);
  for (let i = 1; i < n; i++) {
    const xi = x[xOff + i] as number;
    if (xi < min) min = xi;
    if (xi > max) max = xi;
    const w = weights[i] as number;
    sumW = fr(sumW + w);
    sumX = fr(sumX + fr(w * xi));
  }
  if (min > 0) min = 0;
  if (max === min) {
    levels.fill(0, lOff, lOff + n);
    mins[minIndex] = -min;
    return 0;
  }
  // x - min (float32), re-derived whenever a better candidate replaces `min`: C recomputes it in every loop.
  const shifted = scratch.shifted;
  for (let i = 0; i < n; i++) shifted[i] = (x[xOff + i] as number) - min;
  let iscale = fr(nmax / fr(max - min));
  let scale = fr(1 / iscale);
  let bestError = 0;
  for (let i = 0; i < n; i++) {
    const l = Math.max(0, Math.min(nmax, nearestInt(fr(iscale * (shifted[i] as number)))));
    levels[lOff + i] = l;
    const diff = fr(fr(fr(scale * l) + min) - (x[xOff + i] as number));
    bestError = fr(bestError + fr((weights[i] as number) * (useMad ? Math.abs(diff) : fr(diff * diff))));
  }
  const candidate = scratch.levels;
  for (let is = 0; is <= nstep; is++) {
    iscale = fr(fr(fr(rmin + fr(rdelta * is)) + nmax) / fr(max - min));
    let sumL = 0;
    let sumL2 = 0;
    let sumXl = 0;
    for (let i = 0; i < n; i++) {
      const l = Math.max(0, Math.min(nmax, nearestInt(fr(iscale * (shifted[i] as number)))));
      candidate[i] = l;
      const wl = fr((weights[i] as number) * l);
      sumL = fr(sumL + wl);
      sumL2 = fr(sumL2 + fr(wl * l));
      sumXl = fr(sumXl + fr(wl * (x[xOff + i] as number)));
    }
    const det = fr(fr(sumW * sumL2) - fr(sumL * sumL));
    if (det > 0) {
      let thisScale = fr(fr(fr(sumW * sumXl) - fr(sumX * sumL)) / det);
      let thisMin = fr(fr(fr(sumL2 * sumX) - fr(sumL * sumXl)) / det);
      if (thisMin > 0) {
        thisMin = 0;
        thisScale = fr(sumXl / sumL2);
      }
      let curError = 0;
      for (let i = 0; i < n; i++) {
        const diff = fr(fr(fr(thisScale * (candidate[i] as number)) + thisMin) - (x[xOff + i] as number));
        curError = fr(curError + fr((weights[i] as number) * (useMad ? Math.abs(diff) : fr(diff * diff))));
      }
      if (curError < bestError) {
        for (let i = 0; i < n; i++) levels[lOff + i] = candidate[i] as number;
        bestError = curError;
        scale = thisScale;
        if (thisMin !== min) {
          min = thisMin;
          for (let i = 0; i < n; i++) shifted[i] = (x[xOff + i] as number) - min;
        }
      }
    }
  }
  mins[minIndex] = -min;
  return scale;
}
