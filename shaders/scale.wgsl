// Scaling in place: x = scale * x over n elements, for a multiplier no neighbouring kernel applies in its own
// pass (Granite's logits divided by logit_scale after the LM head).

struct ScaleParams {
  n: u32,     // elements
  scale: f32,
}

@group(0) @binding(0) var<uniform> params: ScaleParams;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;  // (n)

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>) {
  let i = gid.x + gid.y * n_wg.x * 64u;
  if (i >= params.n) { return; }
  x[i] = params.scale * x[i];
}
