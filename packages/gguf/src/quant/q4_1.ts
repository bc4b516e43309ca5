// Q4_1: blocks of 32 values, 20 bytes.
//   byte 0..1   d       fp16 scale (= (max - min) / 15)
//   byte 2..3   m       fp16 minimum
//   byte 4..19  qs[16]  element j in the low nibble of qs[j], element j+16 in the high nibble
//   value = nibble * d + m
// Mirrors ggml's quantize_row_q4_1_ref / dequantize_row_q4_1.

import { toInt8, truncToInt32 } from './c-rounding.ts';
import { readF16, writeF16 } from './f16.ts';

const QK = 32;
const BLOCK_BYTES = 20;
const FLT_MAX = 3.4028234663852886e38;

/** values: [blocks * 32] f32 -> out: [blocks * 20] bytes. */
export function quantizeQ4_1(values: Float32Array, out: Uint8Array): void {
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
    const d = Math.fround(Math.fround(max - min) / 15);
    const id = d !== 0 ? Math.fround(1 / d) : 0;
    writeF16(out, o, d);
    writeF16(out, o + 2, min);
    for (let j = 0; j < QK / 2; j++) {
      const x0 = Math.fround(Math.fround((values[x + j] as number) - min) * id);
      const x1 = Math.fround(Math.fround((values[x + QK / 2 + j] as number) - min) * id);
      const xi0 = Math.min(15, toInt8(truncToInt32(Math.fround(x0 + 0.5)))) & 0xff;
      const xi1 = Math.min(15, toInt8(truncToInt32(Math.fround(x1 + 0.5)))) & 0xff;
      out[o + 4 + j] = xi0 | (xi1 << 4);
    }
  }
}

/** data: [blocks * 20] bytes -> out: [blocks * 32] f32. */
export function dequantizeQ4_1(data: Uint8Array, out: Float32Array): void {
  const blocks = out.length / QK;
  for (let b = 0; b < blocks; b++) {
    const o = b * BLOCK_BYTES;
    const y = b * QK;
    const d = readF16(data, o);
    const m = readF16(data, o + 2);
    for (let j = 0; j < QK / 2; j++) {
      const q = data[o + 4 + j] as number;
      out[y + j] = Math.fround((q & 0x0f) * d) + m;
      out[y + j + QK / 2] = Math.fround((q >> 4) * d) + m;
    }
  }
}
