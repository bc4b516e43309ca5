// Q4_K: super-blocks of 256 values (8 groups of 32), 144 bytes.
//   byte 0..1    d           fp16 super-scale for the scales
//   byte 2..3    dmin        fp16 super-scale for the mins
//   byte 4..15   scales[12]  8 6-bit scales + 8 6-bit mins (see scale-min-k4.ts)
//   byte 16..143 qs[128]     4-bit levels: element 64*c + l in the low nibble of qs[32*c + l],
//                            element 64*c + 32 + l in the high nibble (c < 4, l < 32)
//   value = d * scale_g * level - dmin * min_g
// Mirrors ggml's quantize_row_q4_K_ref / dequantize_row_q4_K.

import { readF16 } from '../f16.ts';
import { F32_TENTH, QK_K } from './constants.ts';
import { quantizeScalesMinsK4, requantizeWithStoredScales, scalesMinsScratch } from './k4-scales.ts';
import type { Qkx2Search } from './make-qkx2-quants.ts';
import { minK4, scaleK4 } from './scale-min-k4.ts';

const BLOCK_BYTES = 144;
const SEARCH: Qkx2Search = { nmax: 15, rmin: -1, rdelta: F32_TENTH, nstep: 20, useMad: false };

/** values: [blocks * 256] f32 -> out: [blocks * 144] bytes. */
export function quantizeQ4K(values: Float32Array, out: Uint8Array): void {
  const levels = new Uint8Array(QK_K);
  const scratch = scalesMinsScratch();
  const blocks = values.length / QK_K;
  for (let b = 0; b < blocks; b++) {
    const x = b * QK_K;
    const o = b * BLOCK_BYTES;
    quantizeScalesMinsK4(SEARCH, values, x, levels, out, o, scratch);
    requantizeWithStoredScales(15, values, x, levels, out, o);
    for (let c = 0; c < 4; c++) {
      for (let l = 0; l < 32; l++) {
        out[o + 16 + 32 * c + l] =
          (levels[64 * c + l] as number) | ((levels[64 * c + 32 + l] as number) << 4);
      }
    }
  }
}

/** data: [blocks * 144] bytes -> out: [blocks * 256] f32. */
export function dequantizeQ4K(data: Uint8Array, out: Float32Array): void {
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
      const q = o + 16 + 32 * c;
      for (let l = 0; l < 32; l++) out[y++] = fr(d1 * ((data[q + l] as number) & 0x0f)) - m1;
      for (let l = 0; l < 32; l++) out[y++] = fr(d2 * ((data[q + l] as number) >> 4)) - m2;
    }
  }
}
