// Q4_1: blocks of 32 values, 20 bytes.
//   byte 0..1   d       fp16 scale (= (max - min) / 15)
//   byte 2..3   m       fp16 minimum
//   byte 4..19  qs[16]  element j in the low nibble of qs[j], element j+16 in the high nibble
//   value = nibble * d + m
// Mirrors ggml's quantize_row_q4_1_ref / dequantize_row_q4_1.

import { forEachBlock } from './blocks.ts';
import { toInt8 } from './c-rounding.ts';
import { readF16 } from './f16.ts';
import { QK, quantizeAffine, readCodes, writeAffineValues, writeNibbles } from './legacy-blocks.ts';

const BLOCK_BYTES = 20;

/** MIN(15, (int8_t)level). */
const clampTo4Bits = (level: number): number => Math.min(15, toInt8(level));

/** values: [blocks * 32] f32 -> out: [blocks * 20] bytes. */
export function quantizeQ4_1(values: Float32Array, out: Uint8Array): void {
  const codes = new Uint8Array(QK);
  forEachBlock(values.length, QK, BLOCK_BYTES, (x, o) => {
    quantizeAffine(values, x, 15, clampTo4Bits, codes, out, o);
    writeNibbles(codes, out, o + 4);
  });
}

/** data: [blocks * 20] bytes -> out: [blocks * 32] f32. */
export function dequantizeQ4_1(data: Uint8Array, out: Float32Array): void {
  const codes = new Uint8Array(QK);
  forEachBlock(out.length, QK, BLOCK_BYTES, (y, o) => {
    readCodes(data, o + 4, 0, codes);
    writeAffineValues(codes, readF16(data, o), readF16(data, o + 2), out, y);
  });
}
