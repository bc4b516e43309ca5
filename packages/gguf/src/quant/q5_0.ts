// Q5_0: blocks of 32 values, 22 bytes.
//   byte 0..1   d       fp16 scale (= signed max / -16)
//   byte 2..5   qh      uint32 LE, bit j = 5th bit of element j
//   byte 6..21  qs[16]  low 4 bits: element j in the low nibble of qs[j], element j+16 in the high nibble
//   value = (q5 - 16) * d
// Mirrors ggml's quantize_row_q5_0_ref / dequantize_row_q5_0.

import { readU32, writeU32 } from './byte-io.ts';
import { toInt8, truncToInt32 } from './c-rounding.ts';
import { readF16, writeF16 } from './f16.ts';

const QK = 32;
const BLOCK_BYTES = 22;

/** values: [blocks * 32] f32 -> out: [blocks * 22] bytes. */
export function quantizeQ5_0(values: Float32Array, out: Uint8Array): void {
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
    const d = Math.fround(max / -16);
    const id = d !== 0 ? Math.fround(1 / d) : 0;
    writeF16(out, o, d);
    let qh = 0;
    for (let j = 0; j < QK / 2; j++) {
      const x0 = Math.fround((values[x + j] as number) * id);
      const x1 = Math.fround((values[x + QK / 2 + j] as number) * id);
      const xi0 = Math.min(31, toInt8(truncToInt32(Math.fround(x0 + 16.5)))) & 0xff;
      const xi1 = Math.min(31, toInt8(truncToInt32(Math.fround(x1 + 16.5)))) & 0xff;
      out[o + 6 + j] = (xi0 & 0x0f) | ((xi1 & 0x0f) << 4);
      qh |= ((xi0 & 0x10) >> 4) << j;
      qh |= ((xi1 & 0x10) >> 4) << (j + QK / 2);
    }
    writeU32(out, o + 2, qh);
  }
}

/** data: [blocks * 22] bytes -> out: [blocks * 32] f32. */
export function dequantizeQ5_0(data: Uint8Array, out: Float32Array): void {
  const blocks = out.length / QK;
  for (let b = 0; b < blocks; b++) {
    const o = b * BLOCK_BYTES;
    const y = b * QK;
    const d = readF16(data, o);
    const qh = readU32(data, o + 2);
    for (let j = 0; j < QK / 2; j++) {
      const q = data[o + 6 + j] as number;
      const xh0 = ((qh >>> j) << 4) & 0x10;
      const xh1 = (qh >>> (j + 12)) & 0x10;
      out[y + j] = (((q & 0x0f) | xh0) - 16) * d;
      out[y + j + QK / 2] = (((q >> 4) | xh1) - 16) * d;
    }
  }
}
