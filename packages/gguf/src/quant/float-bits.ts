// Reinterpretation between float32 values and their IEEE-754 bit patterns (C's memcpy / union casts).

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** Bit pattern (uint32) of `x` rounded to float32. */
export function f32Bits(x: number): number {
  scratchF32[0] = x;
  return scratchU32[0] as number;
}

/** float32 value whose bit pattern is `bits` (uint32). */
export function f32FromBits(bits: number): number {
  scratchU32[0] = bits;
  return scratchF32[0] as number;
}

/** uint32 view of a Float32Array's storage, so NaN payloads survive (a JS number may canonicalize them). */
export function f32BitView(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}
