// IEEE binary16 <-> float32, matching ggml-impl.h's ggml_compute_fp32_to_fp16 / ggml_compute_fp16_to_fp32
// (the portable bit-trick path used by libggml-base; round to nearest even, NaN -> 0x7E00 with sign).

import { f32Bits, f32BitView, f32FromBits } from './float-bits.ts';

const SCALE_TO_INF = 2 ** 112;
const SCALE_TO_ZERO = 2 ** -110;

/** ggml's rounding bias fp32_from_bits((bias >> 1) + 0x07800000) for each float32 exponent field (0..255). */
const ROUNDING_BIAS = Float64Array.from({ length: 256 }, (_, e) =>
  f32FromBits(((Math.max(e, 0x71) << 23) + 0x07800000) >>> 0),
);

/** fp16 bits (uint16) of the float32 `value` whose bit pattern is `bits`, computed as ggml does. */
function f32ToF16BitsOf(value: number, bits: number): number {
  // Two float multiplies: the first may overflow to +Inf, the second may land in float32 subnormals.
  const scaled = Math.fround(Math.fround(Math.abs(value) * SCALE_TO_INF) * SCALE_TO_ZERO);
  const shl1W = (bits << 1) >>> 0;
  // The bias is 2^13 times the scaled value's exponent, so the float adder keeps only 10 of its mantissa bits,
  // rounding to nearest even exactly as fp16 needs.
  const baseBits = f32Bits((ROUNDING_BIAS[shl1W >>> 24] as number) + scaled);
  const nonsign = ((baseBits >>> 13) & 0x7c00) + (baseBits & 0x0fff);
  return (((bits >>> 16) & 0x8000) | (shl1W > 0xff000000 ? 0x7e00 : nonsign)) & 0xffff;
}

/** float32 bits (uint32) of fp16 `h` (uint16); NaNs come back quiet (bit 22 set), as x86's multiply does. */
function f16BitsToF32Bits(h: number): number {
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
  return f32ToF16BitsOf(Math.fround(x), f32Bits(x));
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
    const h = f32ToF16BitsOf(values[i] as number, bits[i] as number);
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
