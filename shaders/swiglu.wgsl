// Gated activations, elementwise over (n_tokens, n_ff): SwiGLU out = silu(gate) * up, or with GELU (GeGLU,
// Gemma) out = gelu(gate) * up, GELU in its tanh approximation as ggml_gelu computes it.

struct SwigluParams {
  n: u32, // elements
}

@group(0) @binding(0) var<uniform> params: SwigluParams;
@group(0) @binding(1) var<storage, read> gate: array<f32>;       // (n)
@group(0) @binding(2) var<storage, read> up: array<f32>;         // (n)
@group(0) @binding(3) var<storage, read_write> out: array<f32>;  // (n)

const SQRT_2_OVER_PI: f32 = 0.7978845608028654;
const GELU_COEF_A: f32 = 0.044715;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>) {
  let i = gid.x + gid.y * n_wg.x * 64u;
  if (i >= params.n) { return; }
  let g = gate[i];
#if GELU
  // tanh saturates in f32 beyond |x| = 9; the clamp keeps implementations free of inf / inf.
  let inner = clamp(SQRT_2_OVER_PI * g * (1.0 + GELU_COEF_A * g * g), -15.0, 15.0);
  out[i] = 0.5 * g * (1.0 + tanh(inner)) * up[i];
#else
  out[i] = g / (1.0 + exp(-g)) * up[i];
#endif
}
