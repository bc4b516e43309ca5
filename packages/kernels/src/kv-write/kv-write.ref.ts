import { ropeRef } from '../rope/rope.ref.ts';
import type { RopeConfig } from '../rope/rope.ts';

/** CPU reference: caches (nHeadKv, maxSeq, headDim) after writing k (rotated when `rope`) and v at pos0 + t. */
export function kvWriteRef(
  k: Float32Array,
  v: Float32Array,
  caches: { k: Float32Array; v: Float32Array },
  dims: { nHeadKv: number; headDim: number; maxSeq: number; pos0: number },
  rope: RopeConfig | undefined,
): { k: Float32Array; v: Float32Array } {
  const { nHeadKv, headDim, maxSeq, pos0 } = dims;
  const rotated = rope ? ropeRef(k, nHeadKv, rope, pos0) : k;
  const out = { k: caches.k.slice(), v: caches.v.slice() };
  const nTokens = k.length / (nHeadKv * headDim);
  for (let t = 0; t < nTokens; t++) {
    for (let h = 0; h < nHeadKv; h++) {
      const src = (t * nHeadKv + h) * headDim;
      const dst = (h * maxSeq + pos0 + t) * headDim;
      out.k.set(rotated.subarray(src, src + headDim), dst);
      out.v.set(v.subarray(src, src + headDim), dst);
    }
  }
  return out;
}
