// The two quantization passes shared by Q4_K and Q5_K: per group of 32, make_qkx2_quants with weights
// av_x + |x| (av_x = RMS of the group) and 6-bit quantization of the 8 scales and 8 mins; then requantization
// of every value with the stored (fp16-rounded) scales.

import { nearestInt } from '../c-rounding.ts';
import { readF16, writeF16 } from '../f16.ts';
import { makeQkx2Quants, type Qkx2Scratch, type Qkx2Search, qkx2Scratch } from './make-qkx2-quants.ts';
import { minK4, packScaleMinK4, scaleK4 } from './scale-min-k4.ts';

/** Per-call scratch for quantizeScalesMinsK4, allocated once per quantize call. */
export interface ScalesMinsScratch {
  weights: Float32Array; // [32]
  group: Qkx2Scratch;
  scales: Float32Array; // [8]
  mins: Float32Array; // [8]
  scaleLevels: Uint8Array; // [8] 6-bit
  minLevels: Uint8Array; // [8] 6-bit
}

export function scalesMinsScratch(): ScalesMinsScratch {
  return {
    weights: new Float32Array(32),
    group: qkx2Scratch(),
    scales: new Float32Array(8),
    mins: new Float32Array(8),
    scaleLevels: new Uint8Array(8),
    minLevels: new Uint8Array(8),
  };
}

/**
 * For the super-block x[xOff .. xOff+256): fills levels[0..256) with first-pass levels, writes fp16 d at
 * out[o], fp16 dmin at out[o+2] and the 12 packed scale bytes at out[o+4].
 */
export function quantizeScalesMinsK4(
  search: Qkx2Search,
  values: Float32Array,
  xOff: number,
  levels: Uint8Array,
  out: Uint8Array,
  o: number,
  s: ScalesMinsScratch,
): void {
  const fr = Math.fround;
  let maxScale = 0;
  let maxMin = 0;
  for (let j = 0; j < 8; j++) {
    const g = xOff + 32 * j;
    let sumX2 = 0;
    for (let l = 0; l < 32; l++) {
      const v = values[g + l] as number;
      sumX2 = fr(sumX2 + fr(v * v));
    }
    const avX = fr(Math.sqrt(fr(sumX2 / 32)));
    for (let l = 0; l < 32; l++) s.weights[l] = avX + Math.abs(values[g + l] as number);
    const scale = makeQkx2Quants(32, search, values, g, s.weights, levels, 32 * j, s.group, s.mins, j);
    s.scales[j] = scale;
    if (scale > maxScale) maxScale = scale;
    const min = s.mins[j] as number;
    if (min > maxMin) maxMin = min;
  }
  const invScale = maxScale > 0 ? fr(63 / maxScale) : 0;
  const invMin = maxMin > 0 ? fr(63 / maxMin) : 0;
  for (let j = 0; j < 8; j++) {
    // uint8_t ls = nearest_int(...); ls = MIN(63, ls);
    s.scaleLevels[j] = Math.min(63, nearestInt(fr(invScale * (s.scales[j] as number))) & 0xff);
    s.minLevels[j] = Math.min(63, nearestInt(fr(invMin * (s.mins[j] as number))) & 0xff);
  }
  packScaleMinK4(s.scaleLevels, s.minLevels, out, o + 4);
  writeF16(out, o, fr(maxScale / 63));
  writeF16(out, o + 2, fr(maxMin / 63));
}

/**
 * Second pass shared by Q4_K and Q5_K: requantizes each group of 32 with the fp16-rounded scale and min
 * stored in the block at out[o] (d, dmin, 12 scale bytes), levels clamped to 0..nmax.
 */
export function requantizeWithStoredScales(
  nmax: number,
  values: Float32Array,
  xOff: number,
  levels: Uint8Array,
  out: Uint8Array,
  o: number,
): void {
  const fr = Math.fround;
  const dAll = readF16(out, o);
  const dminAll = readF16(out, o + 2);
  for (let j = 0; j < 8; j++) {
    const d = fr(dAll * scaleK4(j, out, o + 4));
    if (d === 0) continue;
    const dm = fr(dminAll * minK4(j, out, o + 4));
    for (let ii = 0; ii < 32; ii++) {
      const l = nearestInt(fr(fr((values[xOff + 32 * j + ii] as number) + dm) / d));
      levels[32 * j + ii] = Math.max(0, Math.min(nmax, l));
    }
  }
}
