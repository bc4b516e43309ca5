// Q2_K: super-blocks of 256 values (16 groups of 16), 84 bytes.
//   byte 0..15   scales[16]  per group: low nibble = 4-bit scale, high nibble = 4-bit min
//   byte 16..79  qs[64]      2-bit levels; element 128*h + 32*s + l is (qs[32*h + l] >> 2s) & 3 (l < 32)
//   byte 80..81  d           fp16 super-scale for the scales
//   byte 82..83  dmin        fp16 super-scale for the mins
//   value = d * scale * level - dmin * min
// Mirrors ggml's quantize_row_q2_K_ref / dequantize_row_q2_K.

import { forEachBlock } from '../blocks.ts';
import { nearestInt } from '../c-rounding.ts';
import { readF16, writeF16 } from '../f16.ts';
import { F32_TENTH, QK_K } from './constants.ts';
import { makeQkx2Quants, type Qkx2Search, qkx2Scratch } from './make-qkx2-quants.ts';

const BLOCK_BYTES = 84;
const SEARCH: Qkx2Search = { nmax: 3, rmin: -0.5, rdelta: F32_TENTH, nstep: 15, useMad: true };

/** Packs 256 2-bit levels into 64 bytes at out[offset] (shared by Q2_K and Q3_K). */
export function pack2BitLevels(levels: ArrayLike<number>, out: Uint8Array, offset: number): void {
  for (let j = 0; j < QK_K; j += 128) {
    for (let l = 0; l < 32; l++) {
      const q =
        (levels[j + l] as number) |
        ((levels[j + l + 32] as number) << 2) |
        ((levels[j + l + 64] as number) << 4) |
        ((levels[j + l + 96] as number) << 6);
      out[offset + j / 4 + l] = q & 0xff;
    }
  }
}

/** values: [blocks * 256] f32 -> out: [blocks * 84] bytes. */
export function quantizeQ2K(values: Float32Array, out: Uint8Array): void {
  const fr = Math.fround;
  const levels = new Uint8Array(QK_K);
  const scratch = qkx2Scratch();
  const weights = new Float32Array(16);
  const scales = new Float32Array(QK_K / 16);
  const mins = new Float32Array(QK_K / 16);
  forEachBlock(values.length, QK_K, BLOCK_BYTES, (x, o) => {
    let maxScale = 0;
    let maxMin = 0;
    for (let j = 0; j < QK_K / 16; j++) {
      for (let l = 0; l < 16; l++) weights[l] = Math.abs(values[x + 16 * j + l] as number);
      const scale = makeQkx2Quants(16, SEARCH, values, x + 16 * j, weights, levels, 16 * j, scratch, mins, j);
      scales[j] = scale;
      if (scale > maxScale) maxScale = scale;
      const min = mins[j] as number;
      if (min > maxMin) maxMin = min;
    }
    if (maxScale > 0) {
      const iscale = fr(15 / maxScale);
      for (let j = 0; j < QK_K / 16; j++) out[o + j] = nearestInt(fr(iscale * (scales[j] as number))) & 0xff;
      writeF16(out, o + 80, fr(maxScale / 15));
    } else {
      out.fill(0, o, o + 16);
      writeF16(out, o + 80, 0);
    }
    if (maxMin > 0) {
      const iscale = fr(15 / maxMin);
      for (let j = 0; j < QK_K / 16; j++) {
        out[o + j] = (out[o + j] as number) | ((nearestInt(fr(iscale * (mins[j] as number))) << 4) & 0xff);
      }
      writeF16(out, o + 82, fr(maxMin / 15));
    } else {
      writeF16(out, o + 82, 0);
    }
    const d = readF16(out, o + 80);
    const dmin = readF16(out, o + 82);
    for (let j = 0; j < QK_K / 16; j++) {
      const sc = out[o + j] as number;
      const dl = fr(d * (sc & 0x0f));
      if (dl === 0) continue;
      const dm = fr(dmin * (sc >> 4));
      for (let ii = 0; ii < 16; ii++) {
        const l = nearestInt(fr(fr((values[x + 16 * j + ii] as number) + dm) / dl));
        levels[16 * j + ii] = Math.max(0, Math.min(3, l));
      }
    }
    pack2BitLevels(levels, out, o + 16);
  });
}

/** data: [blocks * 84] bytes -> out: [blocks * 256] f32. */
export function dequantizeQ2K(data: Uint8Array, out: Float32Array): void {
  forEachBlock(out.length, QK_K, BLOCK_BYTES, (first, o) => {
    const d = readF16(data, o + 80);
    const dmin = readF16(data, o + 82);
    let y = first;
    let is = 0;
    for (let n = 0; n < QK_K; n += 128) {
      const q = o + 16 + n / 4;
      for (let shift = 0; shift < 8; shift += 2) {
        for (let half = 0; half < 32; half += 16) {
          const sc = data[o + is++] as number;
          const dl = Math.fround(d * (sc & 0x0f));
          const ml = Math.fround(dmin * (sc >> 4));
          for (let l = 0; l < 16; l++) {
            out[y++] = Math.fround(dl * (((data[q + half + l] as number) >> shift) & 3)) - ml;
          }
        }
      }
    }
  });
}
