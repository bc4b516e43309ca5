// out = RMSNorm(h) * weight per token, with h = residual + x_scale * x written back into residual first when
// ADD_RESIDUAL (the residual add of the previous block, fused; x_scale is Granite's residual multiplier, 1
// elsewhere). One workgroup per token.
// Variant constants: WG, SUM_N (= 1).
#include "_workgroup_sum.wgsl"

struct RmsNormParams {
  dim: u32,      // elements per token
  n_tokens: u32, // tokens in x
  eps: f32,      // added to the mean square
  x_scale: f32,  // weight of x in the residual add (ADD_RESIDUAL)
}

@group(0) @binding(0) var<uniform> params: RmsNormParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;                // (n_tokens, dim)
#if ADD_RESIDUAL
@group(0) @binding(2) var<storage, read_write> residual: array<f32>;   // (n_tokens, dim), becomes residual + x
#endif
@group(0) @binding(3) var<storage, read> weight: array<f32>;           // (dim)
@group(0) @binding(4) var<storage, read_write> out: array<f32>;        // (n_tokens, dim)

var<workgroup> inv_rms: f32;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
#if SUBGROUPS
  @builtin(subgroup_size) sg_size: u32,
  @builtin(subgroup_invocation_id) sg_lane: u32,
#endif
) {
  let token = wg.x;
  if (token >= params.n_tokens) { return; }
  let base = token * params.dim;
  var squares: array<f32, 1>;
  for (var i = lid; i < params.dim; i += WG) {
#if ADD_RESIDUAL
    let h = residual[base + i] + params.x_scale * x[base + i];
    residual[base + i] = h;
#else
    let h = x[base + i];
#endif
    squares[0] += h * h;
  }
#if SUBGROUPS
  let total = workgroup_sum(squares, lid, sg_size, sg_lane);
#else
  let total = workgroup_sum(squares, lid);
#endif
  if (lid == 0u) { inv_rms = inverseSqrt(total[0] / f32(params.dim) + params.eps); }
  workgroupBarrier();
  let scale = workgroupUniformLoad(&inv_rms);
  for (var i = lid; i < params.dim; i += WG) {
#if ADD_RESIDUAL
    let h = residual[base + i];
#else
    let h = x[base + i];
#endif
    out[base + i] = h * scale * weight[i];
  }
}
