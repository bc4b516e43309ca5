// bfloat16 <-> float32, matching ggml-impl.h's ggml_compute_fp32_to_bf16 (NaN forced quiet, round to nearest
// even, subnormals kept) and ggml_compute_bf16_to_fp32 (a 16-bit shift).

import { f32Bits, f32BitView, f32FromBits } from './float-bits.ts';

/** bf16 bits (uint16) of float32 `bits` (uint32). */
function f32BitsToBf16Bits(bits: number): number {
  const u = bits >>> 0;
  if ((u & 0x7fffffff) >>> 0 > 0x7f800000) return ((u >>> 16) | 64) & 0xffff;
  // uint32 wrap-around matches C for values near 0xFFFFFFFF (negative NaN excluded above).
  return (((u + (0x7fff + ((u >>> 16) & 1))) >>> 0) >>> 16) & 0xffff;
}

/** ggml_fp32_to_bf16: bf16 bits (uint16) of `x` (rounded to float32 first). */
export function f32ToBf16Bits(x: number): number {
  return f32BitsToBf16Bits(f32Bits(x));
}

/** ggml_bf16_to_fp32: value of bf16 bits `bits` (uint16). */
export function bf16BitsToF32(bits: number): number {
  return f32FromBits((bits << 16) >>> 0);
}

/** values: [n] f32 -> out: [2n] bytes, little-endian bf16. */
export function quantizeBf16(values: Float32Array, out: Uint8Array): void {
  const bits = f32BitView(values);
  for (let i = 0; i < bits.length; i++) {
    const h = f32BitsToBf16Bits(bits[i] as number);
    out[2 * i] = h & 0xff;
    out[2 * i + 1] = h >>> 8;
  }
}

/** data: [2n] bytes little-endian bf16 -> out: [n] f32 (written as bits). */
export function dequantizeBf16(data: Uint8Array, out: Float32Array): void {
  const bits = f32BitView(out);
  for (let i = 0; i < bits.length; i++) {
    bits[i] = (((data[2 * i] as number) << 16) | ((data[2 * i + 1] as number) << 24)) >>> 0;
  }
}
