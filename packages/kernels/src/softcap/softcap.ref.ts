/** CPU reference: cap * tanh(x / cap). */
export function softcapRef(x: Float32Array, cap: number): Float32Array {
  return x.map((v) => cap * Math.tanh(v / cap));
}
