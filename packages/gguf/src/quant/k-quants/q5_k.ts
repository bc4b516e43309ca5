// Q5_K: super-blocks of 256 values (8 groups of 32), 176 bytes.
//   byte 0..1    d           fp16 super-scale for the scales
//   byte 2..3    dmin        fp16 super-scale for the mins
//   byte 4..15   scales[12]  8 6-bit scales + 8 6-bit mins (see scale-min-k4.ts)
//   byte 16..47  qh[32]      5th bit: element 64*c + l at bit 2c of qh[l], element 64*c + 32 + l at bit 2c+1
//   byte 48..175 qs[128]     low 4 bits, laid out as Q4_K's qs
//   value = d * scale_g * level - dmin * min_g
// Mirrors ggml's quantize_row_q5_K_ref / dequantize_row_q5_K.

import { readF16 } from '../f16.ts';
import { F32_TENTH, QK_K } from './constants.ts';
import { quantizeScalesMinsK4, requantizeWithStoredScales, scalesMinsScratch } from './k4-scales.ts';
import type { Qkx2Search } from './make-qkx2-quants.ts';
import { minK4, scaleK4 } from './scale-min-k4.ts';

const BLOCK_BYTES = 176;
const QH = 16;
const QS = 48;
const SEARCH: Qkx2Search = { nmax: 31, rmin: -0.5, rdelta: F32_TENTH, nstep: 15, useMad: false };

/** values: [blocks * 256] f32 -> out: [blocks * 176] bytes. */
export function quantizeQ5K(values: Float32Array, out: Uint8Array): void {
  const levels = new Uint8Array(QK_K);
  const scratch = scalesMinsScratch();
  const blocks = values.length / QK_K;
  for (let b = 0; b < blocks; b++) {
    const x = b * QK_K;
    const o = b * BLOCK_BYTES;
    quantizeScalesMinsK4(SEARCH, values, x, levels, out, o, scratch);
    requantizeWithStoredScales(31, values, x, levels, out, o);
    out.fill(0, o + QH, o + QH + 32);
    for (let c = 0; c < 4; c++) {
      for (let l = 0; l < 32; l++) {
        let l1 = levels[64 * c + l] as number;
        let l2 = levels[64 * c + 32 + l] as number;
        let hi = out[o + QH + l] as number;
        if (l1 > 15) {
          l1 -= 16;
          hi |= 1 << (2 * c);
        }
        if (l2 > 15) {
          l2 -= 16;
          hi |= 2 << (2 * c);
        }
        out[o + QH + l] = hi;
        out[o + QS + 32 * c + l] = l1 | (l2 << 4);
      }
    }
  }
}

/** data: [blocks * 176] bytes -> out: [blocks * 256] f32. */
export function dequantizeQ5K(data: Uint8Array, out: Float32Array): void {
  const fr = Math.fround;
  const blocks = out.length / QK_K;
  for (let b = 0; b < blocks; b++) {
    const o = b * BLOCK_BYTES;
    const d = readF16(data, o);
    const dmin = readF16(data, o + 2);
    let y = b * QK_K;
    for (let c = 0; c < 4; c++) {
      const d1 = fr(d * scaleK4(2 * c, data, o + 4));
      const m1 = fr(dmin * minK4(2 * c, data, o + 4));
      const d2 = fr(d * scaleK4(2 * c + 1, data, o + 4));
      const m2 = fr(dmin * minK4(2 * c + 1, data, o + 4));
      const q = o + QS + 32 * c;
      // The 5th bit is added branch-free: qh bits are effectively random, so a branch would mispredict.
      for (let l = 0; l < 32; l++) {
        const high = (((data[o + QH + l] as number) >> (2 * c)) & 1) << 4;
        out[y++] = fr(d1 * (((data[q + l] as number) & 0x0f) + high)) - m1;
      }
      for (let l = 0; l < 32; l++) {
        const high = (((data[o + QH + l] as number) >> (2 * c + 1)) & 1) << 4;
        out[y++] = fr(d2 * (((data[q + l] as number) >> 4) + high)) - m2;
      }
    }
  }
}
