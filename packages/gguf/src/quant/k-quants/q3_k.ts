// Q3_K: super-blocks of 256 values (16 groups of 16), 110 bytes.
//   byte 0..31    hmask[32]   high bit of each 3-bit level: element 32*k + m has bit k of hmask[m]
//   byte 32..95   qs[64]      low 2 bits, packed as Q2_K's qs
//   byte 96..107  scales[12]  16 6-bit signed scales (+32): low nibbles in bytes 0..7 (groups 0..7 low,
//                             8..15 high), top 2 bits of group j at bits 2*(j/4) of byte 8 + j%4
//   byte 108..109 d           fp16 super-scale
//   value = d * (scale - 32) * (level - 4)
// Mirrors ggml's quantize_row_q3_K_ref / dequantize_row_q3_K.

import { forEachBlock } from '../blocks.ts';
import { nearestInt, toInt8 } from '../c-rounding.ts';
import { readF16, writeF16 } from '../f16.ts';
import { QK_K } from './constants.ts';
import { makeQ3Quants } from './make-q3-quants.ts';
import { pack2BitLevels } from './q2_k.ts';
import { quantizeGroupsOf16, requantizeSymmetric } from './symmetric-levels.ts';

const BLOCK_BYTES = 110;
const SCALES = 96;
const D = 108;

/** Signed 6-bit scale of group j (0..15) from the 12 scale bytes at data[offset]: -32..31. */
function scaleQ3K(j: number, data: Uint8Array, offset: number): number {
  const low = j < 8 ? (data[offset + j] as number) & 0x0f : (data[offset + j - 8] as number) >> 4;
  const high = ((data[offset + 8 + (j % 4)] as number) >> (2 * (j >> 2))) & 3;
  return (low | (high << 4)) - 32;
}

/** values: [blocks * 256] f32 -> out: [blocks * 110] bytes. */
export function quantizeQ3K(values: Float32Array, out: Uint8Array): void {
  const fr = Math.fround;
  const levels = new Int8Array(QK_K); // signed storage as in C (int8_t L[]), values 0..7 once packed
  const scales = new Float32Array(QK_K / 16);
  forEachBlock(values.length, QK_K, BLOCK_BYTES, (x, o) => {
    const maxScale = quantizeGroupsOf16(makeQ3Quants, 4, values, x, levels, scales);
    out.fill(0, o + SCALES, o + SCALES + 12);
    if (maxScale !== 0) {
      const iscale = fr(-32 / maxScale);
      for (let j = 0; j < QK_K / 16; j++) {
        const l = Math.max(-32, Math.min(31, toInt8(nearestInt(fr(iscale * (scales[j] as number)))))) + 32;
        if (j < 8) out[o + SCALES + j] = l & 0x0f;
        else out[o + SCALES + j - 8] = (out[o + SCALES + j - 8] as number) | ((l & 0x0f) << 4);
        const hi = o + SCALES + 8 + (j % 4);
        out[hi] = (out[hi] as number) | ((l >> 4) << (2 * (j >> 2)));
      }
      writeF16(out, o + D, fr(1 / iscale));
    } else {
      writeF16(out, o + D, 0);
    }
    const dAll = readF16(out, o + D);
    for (let j = 0; j < QK_K / 16; j++) {
      requantizeSymmetric(16, 4, fr(dAll * scaleQ3K(j, out, o + SCALES)), values, x + 16 * j, levels, 16 * j);
    }
    out.fill(0, o, o + QK_K / 8);
    for (let j = 0; j < QK_K; j++) {
      const l = levels[j] as number;
      if (l > 3) {
        out[o + (j % 32)] = (out[o + (j % 32)] as number) | (1 << (j >> 5));
        levels[j] = l - 4;
      }
    }
    pack2BitLevels(levels, out, o + 32);
  });
}

/** data: [blocks * 110] bytes -> out: [blocks * 256] f32. */
export function dequantizeQ3K(data: Uint8Array, out: Float32Array): void {
  forEachBlock(out.length, QK_K, BLOCK_BYTES, (first, o) => {
    const dAll = readF16(data, o + D);
    let y = first;
    let is = 0;
    let hbit = 0; // hmask bit of the current 32-value run
    for (let n = 0; n < QK_K; n += 128) {
      const q = o + 32 + n / 4;
      for (let shift = 0; shift < 8; shift += 2) {
        for (let half = 0; half < 32; half += 16) {
          const dl = Math.fround(dAll * scaleQ3K(is++, data, o + SCALES));
          for (let l = 0; l < 16; l++) {
            const low = ((data[q + half + l] as number) >> shift) & 3;
            // Subtract 4 when the high bit is clear (branch-free: the bits are random).
            const offset = 4 - ((((data[o + half + l] as number) >> hbit) & 1) << 2);
            out[y++] = dl * (low - offset);
          }
        }
        hbit++;
      }
    }
  });
}
