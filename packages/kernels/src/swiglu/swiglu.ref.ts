/** CPU reference: silu(gate) * up. */
export function swigluRef(gate: Float32Array, up: Float32Array): Float32Array {
  return gate.map((g, i) => (g / (1 + Math.exp(-g))) * up[i]!);
}

/** CPU reference: gelu(gate) * up, GELU in its tanh approximation (ggml_gelu). */
export function gegluRef(gate: Float32Array, up: Float32Array): Float32Array {
  const k = Math.sqrt(2 / Math.PI);
  return gate.map((g, i) => 0.5 * g * (1 + Math.tanh(k * g * (1 + 0.044715 * g * g))) * up[i]!);
}
