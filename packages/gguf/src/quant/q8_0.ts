// Q8_0: blocks of 32 values, 34 bytes.
//   byte 0..1   d       fp16 scale (= amax / 127)
//   byte 2..33  qs[32]  int8 quants, value = qs[j] * d
// Mirrors ggml's quantize_row_q8_0_ref / dequantize_row_q8_0.

import { forEachBlock, reciprocalOrZero } from './blocks.ts';
import { roundAwayFromZero, truncToInt32 } from './c-rounding.ts';
import { readF16, writeF16 } from './f16.ts';

const QK = 32;
const BLOCK_BYTES = 34;

/** values: [blocks * 32] f32 -> out: [blocks * 34] bytes. */
export function quantizeQ8_0(values: Float32Array, out: Uint8Array): void {
  forEachBlock(values.length, QK, BLOCK_BYTES, (x, o) => {
    let amax = 0;
    for (let j = 0; j < QK; j++) {
      const av = Math.abs(values[x + j] as number);
      // biome-ignore lint/complexity/useMathMinMax: C's MAX(amax, fabsf(v)) lets a NaN be replaced; Math.max keeps it.
      amax = amax > av ? amax : av;
    }
    const d = Math.fround(amax / 127);
    const id = reciprocalOrZero(d);
    writeF16(out, o, d);
    for (let j = 0; j < QK; j++) {
      const x0 = Math.fround((values[x + j] as number) * id);
      out[o + 2 + j] = truncToInt32(roundAwayFromZero(x0)) & 0xff;
    }
  });
}

/** data: [blocks * 34] bytes -> out: [blocks * 32] f32. */
export function dequantizeQ8_0(data: Uint8Array, out: Float32Array): void {
  const signed = new Int8Array(data.buffer, data.byteOffset, data.length);
  forEachBlock(out.length, QK, BLOCK_BYTES, (y, o) => {
    const d = readF16(data, o);
    for (let j = 0; j < QK; j++) out[y + j] = (signed[o + 2 + j] as number) * d;
  });
}
