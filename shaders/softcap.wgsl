// Soft-capping in place: x = cap * tanh(x / cap) over n elements (Gemma's final logits: a smooth clamp to
// (-cap, cap) that keeps their order).

struct SoftcapParams {
  n: u32,   // elements
  cap: f32, // > 0
}

@group(0) @binding(0) var<uniform> params: SoftcapParams;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;  // (n)

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>) {
  let i = gid.x + gid.y * n_wg.x * 64u;
  if (i >= params.n) { return; }
  // tanh is 1 in f32 beyond 9; the clamp keeps implementations free of inf / inf.
  x[i] = params.cap * tanh(clamp(x[i] / params.cap, -15.0, 15.0));
}
