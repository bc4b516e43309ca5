// The 32-value layout Q4_0, Q4_1, Q5_0, Q5_1 (and IQ4_NL's indices) share: element j's low 4 bits in the low
// nibble of qs[j], element j+16's in the high nibble; Q5's 5th bits in a uint32 qh, bit j for element j. The
// scale searches are ggml's quantize_row_q{4,5}_{0,1}_ref.

import { reciprocalOrZero, signedAbsMax } from './blocks.ts';
import { toInt8, truncToInt32 } from './c-rounding.ts';
import { writeF16 } from './f16.ts';

export const QK = 32;
const FLT_MAX = 3.4028234663852886e38;

/** codes: [32] -> 16 bytes at out[offset]. */
export function writeNibbles(codes: Uint8Array, out: Uint8Array, offset: number): void {
  for (let j = 0; j < QK / 2; j++) {
    out[offset + j] = ((codes[j] as number) & 0x0f) | ((codes[j + QK / 2] as number) << 4);
  }
}

/** Q5's qh word: bit j = bit 4 of codes[j]. */
export function fifthBits(codes: Uint8Array): number {
  let qh = 0;
  for (let j = 0; j < QK; j++) qh |= (((codes[j] as number) >> 4) & 1) << j;
  return qh >>> 0;
}

/** codes[j] = element j's nibble from the 16 bytes at data[offset], with bit j of `qh` as bit 4 (0 for Q4). */
export function readCodes(data: Uint8Array, offset: number, qh: number, codes: Uint8Array): void {
  for (let j = 0; j < QK / 2; j++) {
    const q = data[offset + j] as number;
    codes[j] = (q & 0x0f) | (((qh >>> j) & 1) << 4);
    codes[j + QK / 2] = (q >> 4) | (((qh >>> (j + QK / 2)) & 1) << 4);
  }
}

/**
 * Q4_0 (half = 8) and Q5_0 (half = 16): d = max / -half, max the value of largest magnitude, written as fp16 at
 * out[o]; codes[j] = MIN(2*half - 1, (int8_t)(x*id + half + 0.5f)), narrowed to uint8_t as C stores it.
 */
export function quantizeSymmetric(
  values: Float32Array,
  x: number,
  half: number,
  codes: Uint8Array,
  out: Uint8Array,
  o: number,
): void {
  const fr = Math.fround;
  const d = fr(signedAbsMax(values, x, QK) / -half);
  const id = reciprocalOrZero(d);
  writeF16(out, o, d);
  for (let j = 0; j < QK; j++) {
    const xi = fr((values[x + j] as number) * id);
    codes[j] = Math.min(2 * half - 1, toInt8(truncToInt32(fr(xi + (half + 0.5)))));
  }
}

/**
 * Q4_1 (levels = 15) and Q5_1 (31): d = (max - min) / levels and m = min, written as fp16 at out[o] and
 * out[o+2]; codes[j] = narrow((int)((x - min)*id + 0.5f)), stored as a uint8_t.
 */
export function quantizeAffine(
  values: Float32Array,
  x: number,
  levels: number,
  narrow: (level: number) => number,
  codes: Uint8Array,
  out: Uint8Array,
  o: number,
): void {
  const fr = Math.fround;
  let min = FLT_MAX;
  let max = -FLT_MAX;
  for (let j = 0; j < QK; j++) {
    const v = values[x + j] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const d = fr(fr(max - min) / levels);
  const id = reciprocalOrZero(d);
  writeF16(out, o, d);
  writeF16(out, o + 2, min);
  for (let j = 0; j < QK; j++) {
    const xi = fr(fr((values[x + j] as number) - min) * id);
    codes[j] = narrow(truncToInt32(fr(xi + 0.5)));
  }
}

/** out[y ..+32] = (code - half) * d (Q4_0, Q5_0). */
export function writeSymmetricValues(
  codes: Uint8Array,
  half: number,
  d: number,
  out: Float32Array,
  y: number,
): void {
  for (let j = 0; j < QK; j++) out[y + j] = ((codes[j] as number) - half) * d;
}

/** out[y ..+32] = code * d + m, the product rounded to float32 first as C does (Q4_1, Q5_1). */
export function writeAffineValues(
  codes: Uint8Array,
  d: number,
  m: number,
  out: Float32Array,
  y: number,
): void {
  for (let j = 0; j < QK; j++) out[y + j] = Math.fround((codes[j] as number) * d) + m;
}
