// F32 tensors: 4 bytes per element, little-endian; conversion is a byte copy (bit patterns preserved).

/** values: [n] f32 -> out: [4n] bytes. */
export function quantizeF32(values: Float32Array, out: Uint8Array): void {
  out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** data: [4n] bytes (any alignment) -> out: [n] f32. */
export function dequantizeF32(data: Uint8Array, out: Float32Array): void {
  new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(data.subarray(0, out.byteLength));
}
