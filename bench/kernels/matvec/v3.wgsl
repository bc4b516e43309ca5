// v3: v2 with R rows per invocation (consecutive rows): each x load serves R rows.
#include "_dequant.wgsl"

#include "_matmul_params.wgsl"
@group(0) @binding(2) var<storage, read> x: array<vec4<f32>>;       // (cols / 4)
@group(0) @binding(3) var<storage, read_write> y: array<f32>;       // (y_stride)

fn lo16(w: u32) -> f32 { return unpack2x16float(w).x; }
fn hi16(w: u32) -> f32 { return unpack2x16float(w).y; }
fn mid(a: u32, b: u32) -> u32 { return (a >> 16u) | (b << 16u); }

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>,
        @builtin(local_invocation_index) lid: u32) {
  let row0 = ((wg.x + wg.y * n_wg.x) * WG + lid) * R;
  if (row0 >= params.rows) { return; }
  let stride = params.row_bytes / 4u;
  var wr: array<u32, R>;
  for (var r = 0u; r < R; r++) { wr[r] = min(row0 + r, params.rows - 1u) * stride; }
  var acc: array<f32, R>;
  for (var p = 0u; p < params.cols / 64u; p++) {
    var xs: array<vec4<f32>, 16>;
    for (var k = 0u; k < 16u; k++) { xs[k] = x[p * 16u + k]; }
    for (var r = 0u; r < R; r++) {
      let w = wr[r] + p * 9u;
      var prev = weight[w];
      var s0 = 0.0;
      for (var k = 0u; k < 4u; k++) {
        let next = weight[w + 1u + k];
        let q = mid(prev, next);
        s0 += dot(nibbles_lo(q) - 8.0, xs[k]) + dot(nibbles_hi(q) - 8.0, xs[4u + k]);
        prev = next;
      }
      var s1 = 0.0;
      for (var k = 0u; k < 4u; k++) {
        let q = weight[w + 5u + k];
        s1 += dot(nibbles_lo(q) - 8.0, xs[8u + k]) + dot(nibbles_hi(q) - 8.0, xs[12u + k]);
      }
      acc[r] += s0 * lo16(weight[w]) + s1 * hi16(prev); // prev: word 4 (d1 in its high half)
    }
  }
  for (var r = 0u; r < R; r++) {
    if (row0 + r < params.rows) { y[params.y_offset + row0 + r] = acc[r]; }
  }
}
