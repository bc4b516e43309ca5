// Prefill matmul for CPU adapters with tokens as SIMD lanes: a workgroup's WG invocations are WG consecutive
// tokens sharing R weight rows, so every weight load and unpack is uniform (done once for all lanes, no
// gathers) and only x is read per lane. R accumulators (rows) per invocation; no barrier, no shared memory.
// Needs cols % 32 == 0. Variant constants: WG, R; dequant_WEIGHT_TYPE names the type.
#include "_dequant.wgsl"
#include "_matmul_params.wgsl"
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;  // (n_tokens, x_stride / 4)
@group(0) @binding(3) var<storage, read_write> y: array<f32>;  // (n_tokens, y_stride)

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wg: vec3<u32>,
  @builtin(num_workgroups) n_wg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row0 = (wg.x + wg.y * n_wg.x) * R;
  let token = wg.z * WG + lid;
  let t = min(token, params.n_tokens - 1u);
  let units = params.cols / 32u;
  let x_base = t * (params.x_stride / 4u);
  var acc: array<f32, R>;
  for (var u = 0u; u < units; u++) {
    var xv: array<vec4<f32>, 8>;
    for (var k = 0u; k < 8u; k++) { xv[k] = x[x_base + u * 8u + k]; }
    for (var r = 0u; r < R; r++) {
      let w = dequant_WEIGHT_TYPE(min(row0 + r, params.rows - 1u) * params.row_bytes, u, params.cols);
      var s = 0.0;
      for (var k = 0u; k < 8u; k++) { s += dot(w[k], xv[k]); }
      acc[r] += s;
    }
  }
  if (token >= params.n_tokens) { return; }
  for (var r = 0u; r < R; r++) {
    if (row0 + r < params.rows) { y[token * params.y_stride + params.y_offset + row0 + r] = acc[r]; }
  }
}
