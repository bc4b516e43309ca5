// IQ4_NL: blocks of 32 values, 18 bytes.
//   byte 0..1   d       fp16 scale
//   byte 2..17  qs[16]  4-bit indices into KVALUES_IQ4NL: element j in the low nibble of qs[j], j+16 in the high
//   value = d * KVALUES_IQ4NL[index]
// Mirrors ggml's quantize_row_iq4_nl_ref, quantize_iq4_nl (no imatrix) and dequantize_row_iq4_nl.

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
function bestIndexInt8(values: Readonly<Int8Array>, x: number): number {
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
 * quantize_row_iq4_nl_impl for 32-value blocks without importance weights. `ntry` is ggml's: -1 in
 * quantize_row_iq4_nl_ref (one least-squares scale), 7 in quantize_iq4_nl (what ggml_quantize_chunk and
 * llama-quantize use: also tries the 15 grid alignments (itry - 127) / max and re-picks indices at the end).
 * With ntry <= 0 a block with max |x| < 1e-15 gets d = 0 and keeps the previous block's indices, as ggml's
 * reference does (its index buffer is reused across blocks); the first block starts from all-zero indices.
 */
function quantizeIq4NlBlocks(values: Float32Array, out: Uint8Array, ntry: number): void {
  const fr = Math.fround;
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
      const id = fr(1 / (ntry > 0 ? fr(-max / lowest) : fr(max / lowest)));
      let sumqx = 0;
      let sumq2 = 0;
      for (let j = 0; j < QK; j++) {
        const v = values[x + j] as number;
        const l = bestIndexInt8(KVALUES_IQ4NL, fr(id * v));
        indices[j] = l;
        const q = KVALUES_IQ4NL[l] as number;
        const wq = fr(fr(v * v) * q); // weight = x^2
        sumqx = fr(sumqx + fr(wq * v));
        sumq2 = fr(sumq2 + fr(wq * q));
      }
      scale = sumq2 > 0 ? fr(sumqx / sumq2) : 0;
      let best = fr(scale * sumqx);
      for (let itry = -ntry; itry <= ntry; itry++) {
        const idTry = fr((itry + lowest) / max);
        sumqx = 0;
        sumq2 = 0;
        for (let j = 0; j < QK; j++) {
          const v = values[x + j] as number;
          const q = KVALUES_IQ4NL[bestIndexInt8(KVALUES_IQ4NL, fr(idTry * v))] as number;
          const wq = fr(fr(v * v) * q);
          sumqx = fr(sumqx + fr(wq * v));
          sumq2 = fr(sumq2 + fr(wq * q));
        }
        if (sumq2 > 0 && fr(sumqx * sumqx) > fr(best * sumq2)) {
          scale = fr(sumqx / sumq2);
          best = fr(scale * sumqx);
        }
      }
    }
    writeF16(out, o, scale);
    if (ntry > 0) {
      const id = scale !== 0 ? fr(1 / scale) : 0;
      for (let j = 0; j < QK; j++)
        indices[j] = bestIndexInt8(KVALUES_IQ4NL, fr(id * (values[x + j] as number)));
    }
    for (let j = 0; j < QK / 2; j++) {
      out[o + 2 + j] = (indices[j] as number) | ((indices[j + QK / 2] as number) << 4);
    }
  }
}

/** values: [blocks * 32] f32 -> out: [blocks * 18] bytes, as quantize_row_iq4_nl_ref. */
export function quantizeIq4Nl(values: Float32Array, out: Uint8Array): void {
  quantizeIq4NlBlocks(values, out, -1);
}

/** values: [blocks * 32] f32 -> out: [blocks * 18] bytes, as quantize_iq4_nl without an imatrix. */
export function quantizeIq4NlSearched(values: Float32Array, out: Uint8Array): void {
  quantizeIq4NlBlocks(values, out, 7);
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
