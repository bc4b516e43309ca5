/** CPU reference: a + b, rounded to f32 as the kernel stores it. */
export function addRef(a: Float32Array, b: Float32Array): Float32Array {
  return a.map((x, i) => x + b[i]!);
}
