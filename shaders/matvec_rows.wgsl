// Mat-vec y = x W^T (decode: one token) with one invocation per weight row: each invocation walks its row,
// dequantizing 32-weight units in registers, and writes its sum. No reduction, no barrier, no workgroup
// memory. CPU adapters (SwiftShader, lavapipe) run an invocation as a SIMD lane of a thread, and for them
// this beats a cooperative reduction by a wide margin (barriers and subgroup ops are emulated); GPUs keep
// matmul.wgsl, whose loads are coalesced across a workgroup.
// BIAS: + b (qwen2's Q/K/V). GATE_UP: gate rows then up rows in one binding, writes silu(gate) * up.
#include "_dequant.wgsl"

#include "_matmul_params.wgsl"
@group(0) @binding(2) var<storage, read> x: array<f32>;        // (cols)
@group(0) @binding(3) var<storage, read_write> y: array<f32>;  // (y_stride)
#if BIAS
@group(0) @binding(4) var<storage, read> bias: array<f32>;     // (y_stride)
#endif

fn x4(col: u32) -> vec4<f32> {
  let c = vec4<u32>(col) + vec4<u32>(0u, 1u, 2u, 3u);
  let inside = c < vec4<u32>(params.cols);
  return select(vec4<f32>(0.0), vec4<f32>(x[min(c.x, params.cols - 1u)], x[min(c.y, params.cols - 1u)],
                x[min(c.z, params.cols - 1u)], x[min(c.w, params.cols - 1u)]), inside);
}

fn row_dot(row_byte: u32) -> f32 {
  let units = (params.cols + 31u) / 32u;
  var s = vec4<f32>(0.0);
  for (var u = 0u; u < units; u++) {
    let w = dequant_WEIGHT_TYPE(row_byte, u, params.cols);
    for (var k = 0u; k < 8u; k++) { s += w[k] * x4(u * 32u + k * 4u); }
  }
  return s.x + s.y + s.z + s.w;
}

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wg: vec3<u32>,
  @builtin(num_workgroups) n_wg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row = (wg.x + wg.y * n_wg.x) * WG + lid;
  if (row >= params.rows) { return; }
#if GATE_UP
  let g = row_dot(row * params.row_bytes);
  let value = g / (1.0 + exp(-g)) * row_dot((row + params.rows) * params.row_bytes);
#else
  var value = row_dot(row * params.row_bytes);
#if BIAS
  value += bias[params.y_offset + row];
#endif
#endif
  y[params.y_offset + row] = value;
}
