// Q5_1: blocks of 32 values, 24 bytes.
//   byte 0..1   d       fp16 scale (= (max - min) / 31)
//   byte 2..3   m       fp16 minimum
//   byte 4..7   qh      uint32 LE, bit j = 5th bit of element j
//   byte 8..23  qs[16]  low 4 bits: element j in the low nibble of qs[j], element j+16 in the high nibble
//   value = q5 * d + m
// Mirrors ggml's quantize_row_q5_1_ref / dequantize_row_q5_1.

import { forEachBlock } from './blocks.ts';
import { readU32, writeU32 } from './byte-io.ts';
import { readF16 } from './f16.ts';
import {
  fifthBits,
  QK,
  quantizeAffine,
  readCodes,
  writeAffineValues,
  writeNibbles,
} from './legacy-blocks.ts';

const BLOCK_BYTES = 24;

/** (uint8_t)level: no clamp in ggml, the low byte of the truncated int is kept. */
const lowByte = (level: number): number => level & 0xff;

/** values: [blocks * 32] f32 -> out: [blocks * 24] bytes. */
export function quantizeQ5_1(values: Float32Array, out: Uint8Array): void {
  const codes = new Uint8Array(QK);
  forEachBlock(values.length, QK, BLOCK_BYTES, (x, o) => {
    quantizeAffine(values, x, 31, lowByte, codes, out, o);
    writeU32(out, o + 4, fifthBits(codes));
    writeNibbles(codes, out, o + 8);
  });
}

/** data: [blocks * 24] bytes -> out: [blocks * 32] f32. */
export function dequantizeQ5_1(data: Uint8Array, out: Float32Array): void {
  const codes = new Uint8Array(QK);
  forEachBlock(out.length, QK, BLOCK_BYTES, (y, o) => {
    readCodes(data, o + 8, readU32(data, o + 4), codes);
    writeAffineValues(codes, readF16(data, o), readF16(data, o + 2), out, y);
  });
}
