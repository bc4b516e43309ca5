// C's float -> integer conversions as compiled for x86-64 in libggml-base (SSE2, no fast-math).

import { f32Bits } from './float-bits.ts';

const MAGIC = 12582912; // 1.5 * 2^23: adding it leaves the rounded integer in the low mantissa bits.

/**
 * ggml's nearest_int: `fval + 12582912.f`, reinterpret, `(i & 0x007fffff) - 0x00400000`.
 * Rounds half to even for |fval| <= 4194303; beyond that (and for NaN/Inf) returns the same garbage C does.
 */
export function nearestInt(fval: number): number {
  const val = Math.fround(fval + MAGIC);
  // Fast path: the sum stayed in [2^23, 2^24), where the float ulp is 1 and the low bits are the integer.
  if (val >= 8388608 && val < 16777216) return val - MAGIC;
  return (f32Bits(val) & 0x007fffff) - 0x00400000;
}

/** cvttss2si: truncation toward zero to int32; NaN and out-of-range give INT32_MIN ("integer indefinite"). */
export function truncToInt32(x: number): number {
  if (!(x > -2147483649 && x < 2147483648)) return -2147483648;
  return Math.trunc(x) | 0;
}

/** Low 8 bits of an int as int8 (C's narrowing to int8_t). */
export function toInt8(i: number): number {
  return (i << 24) >> 24;
}

/** C's roundf: nearest integer, halfway cases away from zero (|x| + 0.5 is exact in f64 for any float32). */
export function roundAwayFromZero(x: number): number {
  const r = Math.floor(Math.abs(x) + 0.5);
  return x < 0 ? -r : r;
}
