// Q4_0: blocks of 32 values, 18 bytes.
//   byte 0..1   d       fp16 scale (= signed max / -8)
//   byte 2..17  qs[16]  element j in the low nibble of qs[j], element j+16 in the high nibble
//   value = (nibble - 8) * d
// Mirrors ggml's quantize_row_q4_0_ref / dequantize_row_q4_0.

import { toInt8, truncToInt32 } from './c-rounding.ts';
import { readF16, writeF16 } from './f16.ts';

const QK = 32;
const BLOCK_BYTES = 18;

/** values: [blocks * 32] f32 -> out: [blocks * 18] bytes. */
export function quantizeQ4_0(values: Float32Array, out: Uint8Array): void {
  const blocks = values.length / QK;
  for (let b = 0; b < blocks; b++) {
    const x = b * QK;
    const o = b * BLOCK_BYTES;
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QK; j++) {
      const v = values[x + j] as number;
      if (amax < Math.abs(v)) {
        amax = Math.abs(v);
        max = v;
      }
    }
    const d = Math.fround(max / -8);
    const id = d !== 0 ? Math.fround(1 / d) : 0;
    writeF16(out, o, d);
    for (let j = 0; j < QK / 2; j++) {
      const x0 = Math.fround((values[x + j] as number) * id);
      const x1 = Math.fround((values[x + QK / 2 + j] as number) * id);
      // MIN(15, (int8_t)(x + 8.5f)) stored in a uint8_t.
      const xi0 = Math.min(15, toInt8(truncToInt32(Math.fround(x0 + 8.5)))) & 0xff;
      const xi1 = Math.min(15, toInt8(truncToInt32(Math.fround(x1 + 8.5)))) & 0xff;
      out[o + 2 + j] = xi0 | (xi1 << 4);
    }
  }
}

/** data: [blocks * 18] bytes -> out: [blocks * 32] f32. */
export function dequantizeQ4_0(data: Uint8Array, out: Float32Array): void {
  const blocks = out.length / QK;
  for (let b = 0; b < blocks; b++) {
    const o = b * BLOCK_BYTES;
    const y = b * QK;
    const d = readF16(data, o);
    for (let j = 0; j < QK / 2; j++) {
      const q = data[o + 2 + j] as number;
      out[y + j] = ((q & 0x0f) - 8) * d;
      out[y + j + QK / 2] = ((q >> 4) - 8) * d;
    }
  }
}
