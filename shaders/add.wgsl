// Elementwise sum of two activations: out = a + b_scale * b over (n_tokens, width); b_scale weighs a block's
// output in its residual add (Granite's residual multiplier), 1 elsewhere. The residual adds that feed a norm
// run fused in rmsnorm.wgsl instead; this serves the others.

struct AddParams {
  n: u32,        // elements
  b_scale: f32,  // weight of b
}

@group(0) @binding(0) var<uniform> params: AddParams;
@group(0) @binding(1) var<storage, read> a: array<f32>;          // (n)
@group(0) @binding(2) var<storage, read> b: array<f32>;          // (n)
@group(0) @binding(3) var<storage, read_write> out: array<f32>;  // (n)

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>) {
  let i = gid.x + gid.y * n_wg.x * 64u;
  if (i >= params.n) { return; }
  out[i] = a[i] + params.b_scale * b[i];
}
