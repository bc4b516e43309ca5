/** CPU reference: scale * x, the scale held as f32 and each product rounded to f32, as the kernel does. */
export function scaleRef(x: Float32Array, scale: number): Float32Array {
  const s = Math.fround(scale);
  return x.map((v) => s * v);
}
