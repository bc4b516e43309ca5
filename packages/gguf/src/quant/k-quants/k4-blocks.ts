// The super-block Q4_K and Q5_K share (Q5_K adds a plane of 5th bits): fp16 d and dmin, 12 bytes of 6-bit
// scales and mins, and 4-bit levels where element 64*c + l sits in the low nibble of qs[32*c + l] and element
// 64*c + 32 + l in the high one (c < 4, l < 32). Group j (32 values) is element 32*j + l.

import { forEachBlock } from '../blocks.ts';
import { readF16 } from '../f16.ts';
import { QK_K } from './constants.ts';
import { quantizeScalesMinsK4, requantizeWithStoredScales, scalesMinsScratch } from './k4-scales.ts';
import type { Qkx2Search } from './make-qkx2-quants.ts';
import { minK4, scaleK4 } from './scale-min-k4.ts';

export interface K4Layout {
  blockBytes: number;
  /** Byte offset of qs[128] in the block. */
  qs: number;
  /** Byte offset of qh[32] (bit j of qh[l] = 5th bit of element 32*j + l), for Q5_K only. */
  qh?: number;
}

/** values: [blocks * 256] f32 -> out: [blocks * blockBytes] bytes, as quantize_row_q{4,5}_K_ref. */
export function quantizeK4(
  search: Qkx2Search,
  layout: K4Layout,
  values: Float32Array,
  out: Uint8Array,
): void {
  const { blockBytes, qs, qh } = layout;
  const levels = new Uint8Array(QK_K);
  const scratch = scalesMinsScratch();
  forEachBlock(values.length, QK_K, blockBytes, (x, o) => {
    quantizeScalesMinsK4(search, values, x, levels, out, o, scratch);
    requantizeWithStoredScales(search.nmax, values, x, levels, out, o);
    if (qh !== undefined) out.fill(0, o + qh, o + qh + 32);
    for (let c = 0; c < 4; c++) {
      for (let l = 0; l < 32; l++) {
        const low = levels[64 * c + l] as number;
        const high = levels[64 * c + 32 + l] as number;
        out[o + qs + 32 * c + l] = (low & 0x0f) | ((high & 0x0f) << 4);
        if (qh !== undefined) {
          out[o + qh + l] =
            (out[o + qh + l] as number) | ((low >> 4) << (2 * c)) | ((high >> 4) << (2 * c + 1));
        }
      }
    }
  });
}

/** data: [blocks * blockBytes] bytes -> out: [blocks * 256] f32, as dequantize_row_q{4,5}_K. */
export function dequantizeK4(layout: K4Layout, data: Uint8Array, out: Float32Array): void {
  const fr = Math.fround;
  const { blockBytes, qs, qh } = layout;
  forEachBlock(out.length, QK_K, blockBytes, (y, o) => {
    const d = readF16(data, o);
    const dmin = readF16(data, o + 2);
    for (let j = 0; j < 8; j++) {
      const scale = fr(d * scaleK4(j, data, o + 4));
      const min = fr(dmin * minK4(j, data, o + 4));
      const q = o + qs + 32 * (j >> 1);
      const shift = 4 * (j & 1);
      for (let l = 0; l < 32; l++) {
        // The 5th bit is added branch-free: qh bits are effectively random, so a branch would mispredict.
        const high = qh === undefined ? 0 : (((data[o + qh + l] as number) >> j) & 1) << 4;
        out[y + 32 * j + l] = fr(scale * ((((data[q + l] as number) >> shift) & 0x0f) + high)) - min;
      }
    }
  });
}
