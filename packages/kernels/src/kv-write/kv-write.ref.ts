import { f16BitsToF32, f32ToF16Bits } from '@wgllm/gguf';
import type { KvType } from '../attention/attention.ts';
import { ropeRef } from '../rope/rope.ref.ts';
import type { RopeConfig } from '../rope/rope.ts';

const roundToF16 = (x: number) => f16BitsToF32(f32ToF16Bits(x));

/**
 * CPU reference, in place: writes k (rotated when `rope`) and v at positions pos0 + t into the caches
 * (nHeadKv, maxSeq, headDim), rings of maxSeq slots (position p at slot p % maxSeq), rounded to f16 as an f16 cache stores them when `element` is 'f16'.
 */
export function kvWriteRef(
  k: Float32Array,
  v: Float32Array,
  caches: { k: Float32Array; v: Float32Array },
  dims: { nHeadKv: number; headDim: number; maxSeq: number; pos0: number },
  rope: RopeConfig | undefined,
  element: KvType = 'f32',
  /** With `rope`: (nRot / 2) frequency factors (absent: 1). */
  factors?: ArrayLike<number>,
): void {
  const { nHeadKv, headDim, maxSeq, pos0 } = dims;
  const rotated = rope ? ropeRef(k, nHeadKv, rope, pos0, factors) : k;
  const nTokens = k.length / (nHeadKv * headDim);
  const store = (cache: Float32Array, src: Float32Array, from: number, to: number) => {
    for (let d = 0; d < headDim; d++) {
      const x = src[from + d]!;
      cache[to + d] = element === 'f16' ? roundToF16(x) : x;
    }
  };
  for (let t = 0; t < nTokens; t++) {
    for (let h = 0; h < nHeadKv; h++) {
      const src = (t * nHeadKv + h) * headDim;
      const dst = (h * maxSeq + ((pos0 + t) % maxSeq)) * headDim;
      store(caches.k, rotated, src, dst);
      store(caches.v, v, src, dst);
    }
  }
}
