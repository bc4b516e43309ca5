// Q4_0: blocks of 32 values, 18 bytes.
//   byte 0..1   d       fp16 scale (= signed max / -8)
//   byte 2..17  qs[16]  element j in the low nibble of qs[j], element j+16 in the high nibble
//   value = (nibble - 8) * d
// Mirrors ggml's quantize_row_q4_0_ref / dequantize_row_q4_0.

import { forEachBlock } from './blocks.ts';
import { readF16 } from './f16.ts';
import { QK, quantizeSymmetric, readCodes, writeNibbles, writeSymmetricValues } from './legacy-blocks.ts';

const BLOCK_BYTES = 18;

/** values: [blocks * 32] f32 -> out: [blocks * 18] bytes. */
export function quantizeQ4_0(values: Float32Array, out: Uint8Array): void {
  const codes = new Uint8Array(QK);
  forEachBlock(values.length, QK, BLOCK_BYTES, (x, o) => {
    quantizeSymmetric(values, x, 8, codes, out, o);
    writeNibbles(codes, out, o + 2);
  });
}

/** data: [blocks * 18] bytes -> out: [blocks * 32] f32. */
export function dequantizeQ4_0(data: Uint8Array, out: Float32Array): void {
  const codes = new Uint8Array(QK);
  forEachBlock(out.length, QK, BLOCK_BYTES, (y, o) => {
    readCodes(data, o + 2, 0, codes);
    writeSymmetricValues(codes, 8, readF16(data, o), out, y);
  });
}
