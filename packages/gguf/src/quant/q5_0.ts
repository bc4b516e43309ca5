// Q5_0: blocks of 32 values, 22 bytes.
//   byte 0..1   d       fp16 scale (= signed max / -16)
//   byte 2..5   qh      uint32 LE, bit j = 5th bit of element j
//   byte 6..21  qs[16]  low 4 bits: element j in the low nibble of qs[j], element j+16 in the high nibble
//   value = (q5 - 16) * d
// Mirrors ggml's quantize_row_q5_0_ref / dequantize_row_q5_0.

import { forEachBlock } from './blocks.ts';
import { readU32, writeU32 } from './byte-io.ts';
import { readF16 } from './f16.ts';
import {
  fifthBits,
  QK,
  quantizeSymmetric,
  readCodes,
  writeNibbles,
  writeSymmetricValues,
} from './legacy-blocks.ts';

const BLOCK_BYTES = 22;

/** values: [blocks * 32] f32 -> out: [blocks * 22] bytes. */
export function quantizeQ5_0(values: Float32Array, out: Uint8Array): void {
  const codes = new Uint8Array(QK);
  forEachBlock(values.length, QK, BLOCK_BYTES, (x, o) => {
    quantizeSymmetric(values, x, 16, codes, out, o);
    writeU32(out, o + 2, fifthBits(codes));
    writeNibbles(codes, out, o + 6);
  });
}

/** data: [blocks * 22] bytes -> out: [blocks * 32] f32. */
export function dequantizeQ5_0(data: Uint8Array, out: Float32Array): void {
  const codes = new Uint8Array(QK);
  forEachBlock(out.length, QK, BLOCK_BYTES, (y, o) => {
    readCodes(data, o + 6, readU32(data, o + 2), codes);
    writeSymmetricValues(codes, 16, readF16(data, o), out, y);
  });
}
