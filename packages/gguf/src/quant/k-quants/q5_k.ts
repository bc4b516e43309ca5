// Q5_K: super-blocks of 256 values (8 groups of 32), 176 bytes.
//   byte 0..1    d           fp16 super-scale for the scales
//   byte 2..3    dmin        fp16 super-scale for the mins
//   byte 4..15   scales[12]  8 6-bit scales + 8 6-bit mins (see scale-min-k4.ts)
//   byte 16..47  qh[32]      5th bit: element 64*c + l at bit 2c of qh[l], element 64*c + 32 + l at bit 2c+1
//   byte 48..175 qs[128]     low 4 bits, laid out as Q4_K's qs
//   value = d * scale_g * level - dmin * min_g
// Mirrors ggml's quantize_row_q5_K_ref / dequantize_row_q5_K.

import { F32_TENTH } from './constants.ts';
import { dequantizeK4, type K4Layout, quantizeK4 } from './k4-blocks.ts';
import type { Qkx2Search } from './make-qkx2-quants.ts';

const LAYOUT: K4Layout = { blockBytes: 176, qh: 16, qs: 48 };
const SEARCH: Qkx2Search = { nmax: 31, rmin: -0.5, rdelta: F32_TENTH, nstep: 15, useMad: false };

/** values: [blocks * 256] f32 -> out: [blocks * 176] bytes. */
export function quantizeQ5K(values: Float32Array, out: Uint8Array): void {
  quantizeK4(SEARCH, LAYOUT, values, out);
}

/** data: [blocks * 176] bytes -> out: [blocks * 256] f32. */
export function dequantizeQ5K(data: Uint8Array, out: Float32Array): void {
  dequantizeK4(LAYOUT, data, out);
}
