// IQ4_NL: blocks of 32 values, 18 bytes.
//   byte 0..1   d       fp16 scale
//   byte 2..17  qs[16]  4-bit indices into KVALUES_IQ4NL: element j in the low nibble of qs[j], j+16 in the high
//   value = d * KVALUES_IQ4NL[index]
// Mirrors ggml's quantize_row_iq4_nl_ref (quantize_row_iq4_nl_impl with ntry = -1, no imatrix) and
// dequantize_row_iq4_nl.

import { readF16, writeF16 } from './f16.ts';

const QK = 32;
const BLOCK_BYTES = 18;
const GROUP_MAX_EPS = Math.fround(1e-15);

/** The non-linear 4-bit grid (ggml-common.h kvalues_iq4nl). */
export const KVALUES_IQ4NL: Readonly<Int8Array> = Int8Array.of(
  -127,
  -104,
  -83,
  -65,
  -49,
  -35,
  -22,
  -10,
  1,
  13,
  25,
  38,
  53,
  69,
  89,
  113,
);

/** ggml's best_index_int8: index of the grid value nearest to `x` (float32), ties toward the lower index. */
export function bestIndexInt8(values: Readonly<Int8Array>, x: number): number {
  const n = values.length;
  if (x <= (values[0] as number)) return 0;
  if (x >= (values[n - 1] as number)) return n - 1;
  let ml = 0;
  let mu = n - 1;
  while (mu - ml > 1) {
    const mav = (ml + mu) >> 1;
    if (x < (values[mav] as number)) mu = mav;
    else ml = mav;
  }
  return Math.fround(x - (values[mu - 1] as number)) < Math.fround((values[mu] as number) - x) ? mu - 1 : mu;
}

/**
 * values: [blocks * 32] f32 -> out: [blocks * 18] bytes.
 * A block with max |x| < 1e-15 gets d = 0 and keeps the previous block's indices, as ggml's reference does
 * (its index buffer is reused across blocks); the first block starts from all-zero indices.
 */
export function quantizeIq4Nl(values: Float32Array, out: Uint8Array): void {
  const blocks = values.length / QK;
  const indices = new Uint8Array(QK); // [32] grid index per element, carried across blocks
  const lowest = KVALUES_IQ4NL[0] as number;
  for (let b = 0; b < blocks; b++) {
    const x = b * QK;
    const o = b * BLOCK_BYTES;
    let amax = 0;
    let max = 0;
    for (let j = 0; j < QK; j++) {
      const v = values[x + j] as number;
      const ax = Math.abs(v);
      if (ax > amax) {
        amax = ax;
        max = v;
      }
    }
    let scale = 0;
    if (!(amax < GROUP_MAX_EPS)) {
      const id = Math.fround(1 / Math.fround(max / lowest));
      let sumqx = 0;
      let sumq2 = 0;
      for (let j = 0; j < QK; j++) {
        const v = values[x + j] as number;
        const l = bestIndexInt8(KVALUES_IQ4NL, Math.fround(id * v));
        indices[j] = l;
        const q = KVALUES_IQ4NL[l] as number;
        const wq = Math.fround(Math.fround(v * v) * q); // weight = x^2
        sumqx = Math.fround(sumqx + Math.fround(wq * v));
        sumq2 = Math.fround(sumq2 + Math.fround(wq * q));
      }
      scale = sumq2 > 0 ? Math.fround(sumqx / sumq2) : 0;
    }
    writeF16(out, o, scale);
    for (let j = 0; j < QK / 2; j++) {
      out[o + 2 + j] = (indices[j] as number) | ((indices[j + QK / 2] as number) << 4);
    }
  }
}

/** data: [blocks * 18] bytes -> out: [blocks * 32] f32. */
export function dequantizeIq4Nl(data: Uint8Array, out: Float32Array): void {
  const blocks = out.length / QK;
  for (let b = 0; b < blocks; b++) {
    const o = b * BLOCK_BYTES;
    const y = b * QK;
    const d = readF16(data, o);
    for (let j = 0; j < QK / 2; j++) {
      const q = data[o + 2 + j] as number;
      out[y + j] = d * (KVALUES_IQ4NL[q & 0x0f] as number);
      out[y + j + QK / 2] = d * (KVALUES_IQ4NL[q >> 4] as number);
    }
  }
}
