// Q4_K: super-blocks of 256 values (8 groups of 32), 144 bytes.
//   byte 0..1    d           fp16 super-scale for the scales
//   byte 2..3    dmin        fp16 super-scale for the mins
//   byte 4..15   scales[12]  8 6-bit scales + 8 6-bit mins (see scale-min-k4.ts)
//   byte 16..143 qs[128]     4-bit levels: element 64*c + l in the low nibble of qs[32*c + l],
//                            element 64*c + 32 + l in the high nibble (c < 4, l < 32)
//   value = d * scale_g * level - dmin * min_g
// Mirrors ggml's quantize_row_q4_K_ref / dequantize_row_q4_K.

import { F32_TENTH } from './constants.ts';
import { dequantizeK4, type K4Layout, quantizeK4 } from './k4-blocks.ts';
import type { Qkx2Search } from './make-qkx2-quants.ts';

const LAYOUT: K4Layout = { blockBytes: 144, qs: 16 };
const SEARCH: Qkx2Search = { nmax: 15, rmin: -1, rdelta: F32_TENTH, nstep: 20, useMad: false };

/** values: [blocks * 256] f32 -> out: [blocks * 144] bytes. */
export function quantizeQ4K(values: Float32Array, out: Uint8Array): void {
  quantizeK4(SEARCH, LAYOUT, values, out);
}

/** data: [blocks * 144] bytes -> out: [blocks * 256] f32. */
export function dequantizeQ4K(data: Uint8Array, out: Float32Array): void {
  dequantizeK4(LAYOUT, data, out);
}
