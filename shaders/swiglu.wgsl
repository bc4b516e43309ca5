// SwiGLU: out = silu(gate) * up, elementwise over (n_tokens, n_ff).

struct SwigluParams {
  n: u32, // elements
}

@group(0) @binding(0) var<uniform> params: SwigluParams;
@group(0) @binding(1) var<storage, read> gate: array<f32>;       // (n)
@group(0) @binding(2) var<storage, read> up: array<f32>;         // (n)
@group(0) @binding(3) var<storage, read_write> out: array<f32>;  // (n)

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>) {
  let i = gid.x + gid.y * n_wg.x * 64u;
  if (i >= params.n) { return; }
  let g = gate[i];
  out[i] = g / (1.0 + exp(-g)) * up[i];
}
