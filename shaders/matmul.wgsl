// Quantized matmul y = x W^T for a GGUF weight W (rows, cols) read in its block layout, dequantized in
// registers, accumulated in f32. One workgroup per (ROWS weight rows, tile of TILE_M tokens): each unit of
// 32 weights is dequantized once and used for every token of the tile; one reduction per workgroup covers
// all its rows (software adapters run each workgroup on a CPU thread, so few, fat workgroups win there).
// Decode is TILE_M = 1 (a mat-vec).
// GATE_UP: the FFN's gate and up projections fused with SwiGLU. The binding holds the gate rows then the up
// rows; a workgroup computes gate row r and up row r + rows and writes silu(gate) * up.
// BIAS: y = x W^T + b (qwen2's Q/K/V projections), added where the row is written.
// Variant constants: WG (invocations), ROWS, TILE_M, SUM_N (= ROWS * TILE_M, twice that with GATE_UP);
// dequant_WEIGHT_TYPE names the type.
#include "_dequant.wgsl"
#include "_workgroup_sum.wgsl"

#include "_matmul_params.wgsl"
@group(0) @binding(3) var<storage, read_write> y: array<f32>;  // (n_tokens, y_stride)
#if BIAS
@group(0) @binding(4) var<storage, read> bias: array<f32>;     // (y_stride): the whole weight's rows
#endif

// x elements col..col+3 of the token whose row starts at `base`, zero past the row's end.
#if X_VEC4
// cols % 4 == 0: one vector load (loads, not arithmetic, bound the software adapters).
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;  // (n_tokens, x_stride / 4)
fn x4(base: u32, col: u32) -> vec4<f32> {
  return select(vec4<f32>(0.0), x[(base + col) >> 2u], col < params.cols);
}
#else
@group(0) @binding(2) var<storage, read> x: array<f32>;        // (n_tokens, x_stride)
fn x4(base: u32, col: u32) -> vec4<f32> {
  let c = vec4<u32>(col) + vec4<u32>(0u, 1u, 2u, 3u);
  let inside = c < vec4<u32>(params.cols);
  return select(vec4<f32>(0.0), vec4<f32>(x[base + c.x], x[base + c.y], x[base + c.z], x[base + c.w]), inside);
}
#endif

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wg: vec3<u32>,
  @builtin(num_workgroups) n_wg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
#if SUBGROUPS
  @builtin(subgroup_size) sg_size: u32,
  @builtin(subgroup_invocation_id) sg_lane: u32,
#endif
) {
  let row0 = (wg.x + wg.y * n_wg.x) * ROWS;
  if (row0 >= params.rows) { return; }
  let tok0 = wg.z * TILE_M;
  let units = (params.cols + 31u) / 32u;
  // [r * TILE_M + m]: row row0 + r, token tok0 + m (GATE_UP: gate; up at [ROWS * TILE_M + ...])
  var acc: array<f32, SUM_N>;
  for (var u = lid; u < units; u += WG) {
    // Decode: the unit of x is loaded once for all ROWS rows.
    var x_unit: array<vec4<f32>, 8>;
    if (TILE_M == 1u) {
      for (var k = 0u; k < 8u; k++) { x_unit[k] = x4(tok0 * params.x_stride, u * 32u + k * 4u); }
    }
    for (var r = 0u; r < ROWS; r++) {
      if (row0 + r >= params.rows) { break; }
      let row_byte = (row0 + r) * params.row_bytes;
      let w = dequant_WEIGHT_TYPE(row_byte, u, params.cols);
#if GATE_UP
      let w_up = dequant_WEIGHT_TYPE(row_byte + params.rows * params.row_bytes, u, params.cols);
#endif
      for (var m = 0u; m < TILE_M; m++) {
        if (tok0 + m < params.n_tokens) {
          let xb = (tok0 + m) * params.x_stride;
          var s = 0.0;
#if GATE_UP
          var s_up = 0.0;
#endif
          for (var k = 0u; k < 8u; k++) {
            var xk: vec4<f32>;
            if (TILE_M == 1u) { xk = x_unit[k]; } else { xk = x4(xb, u * 32u + k * 4u); }
            s += dot(w[k], xk);
#if GATE_UP
            s_up += dot(w_up[k], xk);
#endif
          }
          acc[r * TILE_M + m] += s;
#if GATE_UP
          acc[(ROWS + r) * TILE_M + m] += s_up;
#endif
        }
      }
    }
  }
#if SUBGROUPS
  let total = workgroup_sum(acc, lid, sg_size, sg_lane);
#else
  let total = workgroup_sum(acc, lid);
#endif
  if (lid == 0u) {
    for (var r = 0u; r < ROWS; r++) {
      let row = row0 + r;
      for (var m = 0u; m < TILE_M; m++) {
        if (row < params.rows && tok0 + m < params.n_tokens) {
#if GATE_UP
          let g = total[r * TILE_M + m];
          let value = g / (1.0 + exp(-g)) * total[(ROWS + r) * TILE_M + m];
#else
          var value = total[r * TILE_M + m];
#if BIAS
          value += bias[params.y_offset + row];
#endif
#endif
          y[(tok0 + m) * params.y_stride + params.y_offset + row] = value;
        }
      }
    }
  }
}
