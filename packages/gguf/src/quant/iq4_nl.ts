// IQ4_NL: blocks of 32 values, 18 bytes.
//   byte 0..1   d       fp16 scale
//   byte 2..17  qs[16]  4-bit indices into KVALUES_IQ4NL: element j in the low nibble of qs[j], j+16 in the high
//   value = d * KVALUES_IQ4NL[index]
// Mirrors ggml's quantize_row_iq4_nl_ref, quantize_iq4_nl (no imatrix) and dequantize_row_iq4_nl.

import { forEachBlock, GROUP_MAX_EPS, reciprocalOrZero, signedAbsMax } from './blocks.ts';
import { readF16, writeF16 } from './f16.ts';
import { QK, readCodes, writeNibbles } from './legacy-blocks.ts';

const BLOCK_BYTES = 18;

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
 * Σ w·q·x and Σ w·q² (w = x², float32 in C's order) over the block at values[x], q the grid value nearest to
 * id·x; the chosen indices go to `indices` when given.
 */
function weightedGridSums(
  values: Float32Array,
  x: number,
  id: number,
  indices?: Uint8Array,
): [number, number] {
  const fr = Math.fround;
  let sumqx = 0;
  let sumq2 = 0;
  for (let j = 0; j < QK; j++) {
    const v = values[x + j] as number;
    const l = bestIndexInt8(KVALUES_IQ4NL, fr(id * v));
    if (indices) indices[j] = l;
    const q = KVALUES_IQ4NL[l] as number;
    const wq = fr(fr(v * v) * q);
    sumqx = fr(sumqx + fr(wq * v));
    sumq2 = fr(sumq2 + fr(wq * q));
  }
  return [sumqx, sumq2];
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
  const indices = new Uint8Array(QK); // [32] grid index per element, carried across blocks
  const lowest = KVALUES_IQ4NL[0] as number;
  forEachBlock(values.length, QK, BLOCK_BYTES, (x, o) => {
    const max = signedAbsMax(values, x, QK);
    let scale = 0;
    if (!(Math.abs(max) < GROUP_MAX_EPS)) {
      const id = fr(1 / (ntry > 0 ? fr(-max / lowest) : fr(max / lowest)));
      let [sumqx, sumq2] = weightedGridSums(values, x, id, indices);
      scale = sumq2 > 0 ? fr(sumqx / sumq2) : 0;
      let best = fr(scale * sumqx);
      for (let itry = -ntry; itry <= ntry; itry++) {
        [sumqx, sumq2] = weightedGridSums(values, x, fr((itry + lowest) / max));
        if (sumq2 > 0 && fr(sumqx * sumqx) > fr(best * sumq2)) {
          scale = fr(sumqx / sumq2);
          best = fr(scale * sumqx);
        }
      }
    }
    writeF16(out, o, scale);
    if (ntry > 0) {
      const id = reciprocalOrZero(scale);
      for (let j = 0; j < QK; j++)
        indices[j] = bestIndexInt8(KVALUES_IQ4NL, fr(id * (values[x + j] as number)));
    }
    writeNibbles(indices, out, o + 2);
  });
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
  const indices = new Uint8Array(QK);
  forEachBlock(out.length, QK, BLOCK_BYTES, (y, o) => {
    const d = readF16(data, o);
    readCodes(data, o + 2, 0, indices);
    for (let j = 0; j < QK; j++) out[y + j] = d * (KVALUES_IQ4NL[indices[j] as number] as number);
  });
}
