// Q5_1: blocks of 32 values, 24 bytes.
//   byte 0..1   d       fp16 scale (= (max - min) / 31)
//   byte 2..3   m       fp16 minimum
//   byte 4..7   qh      uint32 LE, bit j = 5th bit of element j
//   byte 8..23  qs[16]  low 4 bits: element j in the low nibble of qs[j], element j+16 in the high nibble
//   value = q5 * d + m
// Mirrors ggml's quantize_row_q5_1_ref / dequantize_row_q5_1.

import { readU32, writeU32 } from './byte-io.ts';
import { truncToInt32 } from './c-rounding.ts';
import { readF16, writeF16 } from './f16.ts';

const QK = 32;
const BLOCK_BYTES = 24;
const FLT_MAX = 3.4028234663852886e38;

/** values: [blocks * 32] f32 -> out: [blocks * 24] bytes. */
export function quantizeQ5_1(values: Float32Array, out: Uint8Array): void {
  const blocks = values.length / QK;
  for (let b = 0; b < blocks; b++) {
    const x = b * QK;
    const o = b * BLOCK_BYTES;
    let min = FLT_MAX;
    let max = -FLT_MAX;
    for (let j = 0; j < QK; j++) {
      const v = values[x + j] as number;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const d = Math.fround(Math.fround(max - min) / 31);
    const id = d !== 0 ? Math.fround(1 / d) : 0;
    writeF16(out, o, d);
    writeF16(out, o + 2, min);
    let qh = 0;
    for (let j = 0; j < QK / 2; j++) {
      const x0 = Math.fround(Math.fround((values[x + j] as number) - min) * id);
      const x1 = Math.fround(Math.fround((values[x + QK / 2 + j] as number) - min) * id);
      // (uint8_t)(x + 0.5f): no clamp in ggml, the low byte of the truncated int is kept.
      const xi0 = truncToInt32(Math.fround(x0 + 0.5)) & 0xff;
      const xi1 = truncToInt32(Math.fround(x1 + 0.5)) & 0xff;
      out[o + 8 + j] = (xi0 & 0x0f) | ((xi1 & 0x0f) << 4);
      qh |= ((xi0 & 0x10) >> 4) << j;
      qh |= ((xi1 & 0x10) >> 4) << (j + QK / 2);
    }
    writeU32(out, o + 4, qh);
  }
}

/** data: [blocks * 24] bytes -> out: [blocks * 32] f32. */
export function dequantizeQ5_1(data: Uint8Array, out: Float32Array): void {
  const blocks = out.length / QK;
  for (let b = 0; b < blocks; b++) {
    const o = b * BLOCK_BYTES;
    const y = b * QK;
    const d = readF16(data, o);
    const m = readF16(data, o + 2);
    const qh = readU32(data, o + 4);
    for (let j = 0; j < QK / 2; j++) {
      const q = data[o + 8 + j] as number;
      const xh0 = ((qh >>> j) << 4) & 0x10;
      const xh1 = (qh >>> (j + 12)) & 0x10;
      out[y + j] = Math.fround(((q & 0x0f) | xh0) * d) + m;
      out[y + j + QK / 2] = Math.fround(((q >> 4) | xh1) * d) + m;
    }
  }
}
