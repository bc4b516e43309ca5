// Q6_K: super-blocks of 256 values (16 groups of 16), 210 bytes.
//   byte 0..127   ql[128]     low 4 bits; for half h (128 values) at ql[64h ..]: element 128h + l (l < 32) low
//                             nibble of ql[64h + l], +32 low nibble of ql[64h + 32 + l], +64 high nibble of
//                             ql[64h + l], +96 high nibble of ql[64h + 32 + l]
//   byte 128..191 qh[64]      high 2 bits; element 128h + 32k + l at bits 2k of qh[32h + l]
//   byte 192..207 scales[16]  int8 group scales
//   byte 208..209 d           fp16 super-scale
//   value = d * scale_g * (level - 32)
// Mirrors ggml's quantize_row_q6_K_ref / dequantize_row_q6_K.

import { forEachBlock, GROUP_MAX_EPS } from '../blocks.ts';
import { nearestInt, toInt8 } from '../c-rounding.ts';
import { readF16, writeF16 } from '../f16.ts';
import { QK_K } from './constants.ts';
import { makeQxQuants } from './make-qx-quants.ts';
import { quantizeGroupsOf16, requantizeSymmetric } from './symmetric-levels.ts';

const BLOCK_BYTES = 210;
const QH = 128;
const SCALES = 192;
const D = 208;

/** values: [blocks * 256] f32 -> out: [blocks * 210] bytes. */
export function quantizeQ6K(values: Float32Array, out: Uint8Array): void {
  const fr = Math.fround;
  const levels = new Int8Array(QK_K); // 0..63
  const scales = new Float32Array(QK_K / 16);
  forEachBlock(values.length, QK_K, BLOCK_BYTES, (x, o) => {
    const maxScale = quantizeGroupsOf16(makeQxQuants, 32, values, x, levels, scales);
    if (Math.abs(maxScale) < GROUP_MAX_EPS) {
      out.fill(0, o, o + BLOCK_BYTES);
      return;
    }
    const iscale = fr(-128 / maxScale);
    writeF16(out, o + D, fr(1 / iscale));
    for (let g = 0; g < QK_K / 16; g++) {
      out[o + SCALES + g] = Math.min(127, nearestInt(fr(iscale * (scales[g] as number)))) & 0xff;
    }
    const dAll = readF16(out, o + D);
    for (let g = 0; g < QK_K / 16; g++) {
      const d = fr(dAll * toInt8(out[o + SCALES + g] as number));
      requantizeSymmetric(16, 32, d, values, x + 16 * g, levels, 16 * g);
    }
    for (let h = 0; h < 2; h++) {
      const ql = o + 64 * h;
      const qh = o + QH + 32 * h;
      for (let l = 0; l < 32; l++) {
        const l0 = levels[128 * h + l] as number;
        const l1 = levels[128 * h + l + 32] as number;
        const l2 = levels[128 * h + l + 64] as number;
        const l3 = levels[128 * h + l + 96] as number;
        out[ql + l] = (l0 & 0x0f) | ((l2 & 0x0f) << 4);
        out[ql + l + 32] = (l1 & 0x0f) | ((l3 & 0x0f) << 4);
        out[qh + l] = ((l0 >> 4) | ((l1 >> 4) << 2) | ((l2 >> 4) << 4) | ((l3 >> 4) << 6)) & 0xff;
      }
    }
  });
}

/** data: [blocks * 210] bytes -> out: [blocks * 256] f32. */
export function dequantizeQ6K(data: Uint8Array, out: Float32Array): void {
  const fr = Math.fround;
  forEachBlock(out.length, QK_K, BLOCK_BYTES, (first, o) => {
    const d = readF16(data, o + D);
    for (let h = 0; h < 2; h++) {
      const y = first + 128 * h;
      const ql = o + 64 * h;
      const qh = o + QH + 32 * h;
      const sc = o + SCALES + 8 * h;
      for (let l = 0; l < 32; l++) {
        const is = l >> 4;
        const lo0 = data[ql + l] as number;
        const lo1 = data[ql + l + 32] as number;
        const hi = data[qh + l] as number;
        const q1 = ((lo0 & 0x0f) | ((hi & 3) << 4)) - 32;
        const q2 = ((lo1 & 0x0f) | (((hi >> 2) & 3) << 4)) - 32;
        const q3 = ((lo0 >> 4) | (((hi >> 4) & 3) << 4)) - 32;
        const q4 = ((lo1 >> 4) | (((hi >> 6) & 3) << 4)) - 32;
        out[y + l] = fr(d * toInt8(data[sc + is] as number)) * q1;
        out[y + l + 32] = fr(d * toInt8(data[sc + is + 2] as number)) * q2;
        out[y + l + 64] = fr(d * toInt8(data[sc + is + 4] as number)) * q3;
        out[y + l + 96] = fr(d * toInt8(data[sc + is + 6] as number)) * q4;
      }
    }
  });
}
