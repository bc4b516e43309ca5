// Matmul y = x W^T for CPU adapters (lavapipe, SwiftShader): one invocation per R weight rows x T tokens,
// no reduction, no barrier, no workgroup memory (what those adapters pay most for). They run invocations as
// SIMD lanes, so x, at the same address in every lane, is a scalar load shared by the R rows, and each
// weight unit is unpacked once for the T tokens: a register tile. Decode is T = 1.
// INT8: quantized weights against x quantized once per call (quantize_q8.wgsl) with dot4I8Packed, four
// times fewer x loads than f32 x and no per-element float conversion; else (F32 / F16 / BF16) f32 math
// on _dequant.wgsl's units. Needs cols % 32 == 0.
// GATE_UP: gate rows then up rows in one binding, writes silu(gate) * up. BIAS: + b (qwen2's Q/K/V).
// Variant constants: WG, R, T, HALVES (2 with GATE_UP); qunit_WEIGHT_TYPE / dequant_WEIGHT_TYPE name the type.
#include "_dequant.wgsl"
#include "_qunit.wgsl"

#include "_matmul_params.wgsl"
@group(0) @binding(3) var<storage, read_write> y: array<f32>;       // (n_tokens, y_stride)
#if BIAS
@group(0) @binding(4) var<storage, read> bias: array<f32>;          // (y_stride)
#endif
#if INT8
@group(0) @binding(5) var<storage, read> xq: array<u32>;            // (n_tokens, cols / 4) i8 x4
@group(0) @binding(6) var<storage, read> xd: array<vec4<f32>>;      // (n_tokens, cols / 32) scale, half sums
#else
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;       // (n_tokens, x_stride / 4)
#endif

const RH = R * HALVES;

@compute @workgroup_size(WG)
fn main(
  @builtin(workgroup_id) wg: vec3<u32>,
  @builtin(num_workgroups) n_wg: vec3<u32>,
  @builtin(local_invocation_index) lid: u32,
) {
  let row0 = ((wg.x + wg.y * n_wg.x) * WG + lid) * R;
  if (row0 >= params.rows) { return; }
  let tok0 = wg.z * T;
  let units = params.cols / 32u;
  // Rows past the end repeat the last row (reads stay in the binding; their sums are not written).
  var row_byte: array<u32, RH>;
  for (var h = 0u; h < HALVES; h++) {
    for (var r = 0u; r < R; r++) {
      row_byte[h * R + r] = (h * params.rows + min(row0 + r, params.rows - 1u)) * params.row_bytes;
    }
  }
  // Tokens past the end repeat the last one: every loop has a constant bound, and private arrays indexed
  // by loop counters stay in registers once unrolled (lavapipe turns any other indexing into branch chains;
  // T = 8 made its first dispatch compile for 30-50 s).
  var token: array<u32, T>;
  for (var t = 0u; t < T; t++) { token[t] = min(tok0 + t, params.n_tokens - 1u); }
  let n_tok = min(T, params.n_tokens - tok0);
  var acc: array<f32, RH * T>; // [i * T + t]: row i of row_byte, token tok0 + t
  for (var u = 0u; u < units; u++) {
#if INT8
    var xs: array<array<u32, 8>, T>;
    var xds: array<vec4<f32>, T>;
    for (var t = 0u; t < T; t++) {
      let block = token[t] * units + u;
      for (var k = 0u; k < 8u; k++) { xs[t][k] = xq[block * 8u + k]; }
      xds[t] = xd[block];
    }
    for (var i = 0u; i < RH; i++) {
      let w = qunit_WEIGHT_TYPE(row_byte[i], u);
      for (var t = 0u; t < T; t++) {
        var lo = 0;
        var hi = 0;
        for (var k = 0u; k < 4u; k++) {
          lo += dot4I8Packed(w.q[k], xs[t][k]);
          hi += dot4I8Packed(w.q[k + 4u], xs[t][k + 4u]);
        }
        let xd_t = xds[t];
        acc[i * T + t] += xd_t.x * (w.s.x * f32(lo) + w.s.y * f32(hi)) + w.m.x * xd_t.y + w.m.y * xd_t.z;
      }
    }
#else
    var xs: array<array<vec4<f32>, 8>, T>;
    for (var t = 0u; t < T; t++) {
      let base = token[t] * params.x_stride / 4u + u * 8u;
      for (var k = 0u; k < 8u; k++) { xs[t][k] = x[base + k]; }
    }
    for (var i = 0u; i < RH; i++) {
      let w = dequant_WEIGHT_TYPE(row_byte[i], u, params.cols);
      for (var t = 0u; t < T; t++) {
        var s = vec4<f32>(0.0);
        for (var k = 0u; k < 8u; k++) { s += w[k] * xs[t][k]; }
        acc[i * T + t] += s.x + s.y + s.z + s.w;
      }
    }
#endif
  }
  for (var r = 0u; r < R; r++) {
    let row = row0 + r;
    if (row >= params.rows) { break; }
    for (var t = 0u; t < n_tok; t++) {
#if GATE_UP
      let g = acc[r * T + t];
      let value = g / (1.0 + exp(-g)) * acc[(R + r) * T + t];
#else
      var value = acc[r * T + t];
#if BIAS
      value += bias[params.y_offset + row];
#endif
#endif
      y[(tok0 + t) * params.y_stride + params.y_offset + row] = value;
    }
  }
}
