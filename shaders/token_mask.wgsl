// A grammar's token mask applied to the logits in place, after bias and penalties and before top-k: every
// token whose bit is clear gets the lowest finite f32 (as a banned token in logit_adjust.wgsl), so the
// sampling kernels that follow never pick it. One invocation per token; the mask is rewritten each step.

struct TokenMaskParams {
  n: u32, // vocabulary size (tokens)
}

const LOWEST: f32 = -3.4028234663852886e38;

@group(0) @binding(0) var<uniform> params: TokenMaskParams;
@group(0) @binding(1) var<storage, read> mask: array<u32>;          // (ceil(n / 32)) bit t % 32 of word t / 32: allowed
@group(0) @binding(2) var<storage, read_write> logits: array<f32>;  // (n)

@compute @workgroup_size(256)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let t = gid.y * groups.x * 256u + gid.x;
  if (t >= params.n) { return; }
  if (((mask[t >> 5u] >> (t & 31u)) & 1u) == 0u) { logits[t] = LOWEST; }
}
