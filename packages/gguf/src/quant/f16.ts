// IEEE binary16 <-> float32, matching ggml-impl.h's ggml_compute_fp32_to_fp16 / ggml_compute_fp16_to_fp32
// (the portable bit-trick path used by libggml-base; round to nearest even, NaN -> 0x7E00 with sign).

import { f32Bits, f32BitView, f32FromBits } from './float-bits.ts';

const SCALE_TO_INF = 2 ** 112;
const SCALE_TO_ZERO = 2 ** -110;

/** fp16 bits (uint16) of float32 `bits`, computed as ggml does with float arithmetic. */
export function f32BitsToF16Bits(bits: number): number {
  const w = bits >>> 0;
  const f = f32FromBits(w);
  // Two float multiplies: the first may overflow to +Inf, the second may land in float32 subnormals.
  let base = Math.fround(Math.fround(Math.abs(f) * SCALE_TO_INF) * SCALE_TO_ZERO);
  const shl1W = (w << 1) >>> 0;
  const sign = w & 0x80000000;
  let bias = (shl1W & 0xff000000) >>> 0;
  if (bias < 0x71000000) bias = 0x71000000;
  // Adding 2^(e+1) style bias makes the float adder round the mantissa to 10 bits (nearest even).
  base = Math.fround(f32FromBits((bias >>> 1) + 0x07800000) + base);
  const baseBits = f32Bits(base);
  const expBits = (baseBits >>> 13) & 0x7c00;
  const mantissaBits = baseBits & 0x0fff;
  const nonsign = expBits + mantissaBits;
  return ((sign >>> 16) | (shl1W > 0xff000000 ? 0x7e00 : nonsign)) & 0xffff;
}

/** float32 bits (uint32) of fp16 `h` (uint16); NaNs come back quiet (bit 22 set), as x86's multiply does. */
export function f16BitsToF32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >>> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) {
    // Zero or subnormal: mantissa * 2^-24 is exact in float32.
    return (sign | f32Bits(mantissa * 2 ** -24)) >>> 0;
  }
  if (exponent === 0x1f) {
    return (sign | 0x7f800000 | (mantissa << 13) | (mantissa ? 0x00400000 : 0)) >>> 0;
  }
  return (sign | ((exponent + 112) << 23) | (mantissa << 13)) >>> 0;
}

let f16Table: { bits: Uint32Array; values: Float32Array } | undefined;

/** float32 bits and values of all 65536 fp16 patterns (256 KiB, built on first use). */
function halfTable(): { bits: Uint32Array; values: Float32Array } {
  if (!f16Table) {
    const bits = new Uint32Array(0x10000);
    for (let h = 0; h < 0x10000; h++) bits[h] = f16BitsToF32Bits(h);
    f16Table = { bits, values: new Float32Array(bits.buffer) };
  }
  return f16Table;
}

/** ggml_fp32_to_fp16: fp16 bits (uint16) of `x` (rounded to float32 first). */
export function f32ToF16Bits(x: number): number {
  return f32BitsToF16Bits(f32Bits(x));
}

/** ggml_fp16_to_fp32: value of fp16 bits `bits` (uint16). */
export function f16BitsToF32(bits: number): number {
  return halfTable().values[bits & 0xffff] as number;
}

/** Little-endian fp16 at `data[offset]` as a float32 value. */
export function readF16(data: Uint8Array, offset: number): number {
  return halfTable().values[(data[offset] as number) | ((data[offset + 1] as number) << 8)] as number;
}

/** Writes `x` as little-endian fp16 at `out[offset]`. */
export function writeF16(out: Uint8Array, offset: number, x: number): void {
  const h = f32ToF16Bits(x);
  out[offset] = h & 0xff;
  out[offset + 1] = h >>> 8;
}

/** values: [n] f32 -> out: [2n] bytes, little-endian fp16. */
export function quantizeF16(values: Float32Array, out: Uint8Array): void {
  const bits = f32BitView(values);
  for (let i = 0; i < bits.length; i++) {
    const h = f32BitsToF16Bits(bits[i] as number);
    out[2 * i] = h & 0xff;
    out[2 * i + 1] = h >>> 8;
  }
}

/** data: [2n] bytes little-endian fp16 -> out: [n] f32 (written as bits, so NaN payloads are exact). */
export function dequantizeF16(data: Uint8Array, out: Float32Array): void {
  const bits = f32BitView(out);
  const table = halfTable().bits;
  for (let i = 0; i < bits.length; i++) {
    bits[i] = table[(data[2 * i] as number) | ((data[2 * i + 1] as number) << 8)] as number;
  }
}
