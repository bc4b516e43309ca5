/** CPU reference: a + bScale * b, rounded to f32 as the kernel stores it. */
export function addRef(a: Float32Array, b: Float32Array, bScale = 1): Float32Array {
  return a.map((x, i) => x + bScale * b[i]!);
}
