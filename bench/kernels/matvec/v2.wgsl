// v2: one invocation per weight row (no reduction, no barrier), every width; type-specific row walks that
// read each weight word once at a compile-time shift (block pairs of Q4_0 / Q8_0 end on a word), x read
// as uniform vec4 loads (the same address in every lane: one scalar load on the CPU adapters).
// Needs rows of whole words (row_bytes % 4 == 0) for the paired types; others walk dequant units.
#include "_dequant.wgsl"

#include "_matmul_params.wgsl"
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;       // (cols / 4)
@group(0) @binding(3) var<storage, read_write> y: array<f32>;       // (y_stride)

fn lo16(w: u32) -> f32 { return unpack2x16float(w).x; }
fn hi16(w: u32) -> f32 { return unpack2x16float(w).y; }
// The 4 bytes starting 2 bytes into word a (a's high half, b's low half).
fn mid(a: u32, b: u32) -> u32 { return (a >> 16u) | (b << 16u); }

// 8 nibble-pairs word q: low nibbles are elements 4k.., high nibbles 16 + 4k..; x4 of the block at xb.
fn q4_dot(q: u32, k: u32, xb: u32) -> f32 {
  return dot(nibbles_lo(q) - 8.0, x[xb + k]) + dot(nibbles_hi(q) - 8.0, x[xb + 4u + k]);
}

fn row_Q4_0(w0: u32) -> f32 {
  // Two blocks = 36 bytes = 9 words: d0 | qs0 at byte 2 | d1 at byte 18 | qs1 at byte 20 (aligned).
  var s = 0.0;
  for (var p = 0u; p < params.cols / 64u; p++) {
    let w = w0 + p * 9u;
    let xb = p * 16u;
    let a0 = weight[w];
    let a1 = weight[w + 1u];
    let a2 = weight[w + 2u];
    let a3 = weight[w + 3u];
    let a4 = weight[w + 4u];
    let s0 = q4_dot(mid(a0, a1), 0u, xb) + q4_dot(mid(a1, a2), 1u, xb) + q4_dot(mid(a2, a3), 2u, xb) +
      q4_dot(mid(a3, a4), 3u, xb);
    let s1 = q4_dot(weight[w + 5u], 0u, xb + 8u) + q4_dot(weight[w + 6u], 1u, xb + 8u) +
      q4_dot(weight[w + 7u], 2u, xb + 8u) + q4_dot(weight[w + 8u], 3u, xb + 8u);
    s += s0 * lo16(a0) + s1 * hi16(a4);
  }
  return s;
}

fn row_Q8_0(w0: u32) -> f32 {
  // Two blocks = 68 bytes = 17 words: d0 | qs0 at byte 2 | d1 at byte 34 | qs1 at byte 36 (aligned).
  var s = 0.0;
  for (var p = 0u; p < params.cols / 64u; p++) {
    let w = w0 + p * 17u;
    let xb = p * 16u;
    var prev = weight[w];
    let d0 = lo16(prev);
    var s0 = 0.0;
    for (var k = 0u; k < 8u; k++) {
      let next = weight[w + 1u + k];
      s0 += dot(signed_bytes4(mid(prev, next)), x[xb + k]);
      prev = next;
    }
    var s1 = 0.0;
    for (var k = 0u; k < 8u; k++) { s1 += dot(signed_bytes4(weight[w + 9u + k]), x[xb + 8u + k]); }
    s += s0 * d0 + s1 * hi16(prev);
  }
  return s;
}

fn row_F16(w0: u32) -> f32 {
  var s = vec4<f32>(0.0);
  for (var i = 0u; i < params.cols / 4u; i++) {
    let w = w0 + 2u * i;
    s += vec4<f32>(unpack2x16float(weight[w]), unpack2x16float(weight[w + 1u])) * x[i];
  }
  return s.x + s.y + s.z + s.w;
}

fn row_units(w0: u32) -> f32 {
  var s = vec4<f32>(0.0);
  for (var u = 0u; u < params.cols / 32u; u++) {
    let w = dequant_WEIGHT_TYPE(w0 * 4u, u, params.cols);
    for (var k = 0u; k < 8u; k++) { s += w[k] * x[u * 8u + k]; }
  }
  return s.x + s.y + s.z + s.w;
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let row = (wg.x + wg.y * n_wg.x) * WG + lid;
  if (row >= params.rows) { return; }
  y[params.y_offset + row] = ROW_DOT(row * (params.row_bytes / 4u));
}
