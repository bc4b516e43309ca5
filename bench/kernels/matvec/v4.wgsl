// v4: v3 (R rows per invocation) against x quantized once to int8 blocks (quantize_q8.wgsl): per Q4_0 block
// 8 dot4I8Packed of nibbles with x bytes, x read as 8 words instead of 32 floats.
#include "_dequant.wgsl"

#include "_matmul_params.wgsl"
@group(0) @binding(3) var<storage, read_write> y: array<f32>;       // (y_stride)
@group(0) @binding(5) var<storage, read> xq: array<u32>;            // (cols / 4) i8 x4
@group(0) @binding(6) var<storage, read> xd: array<vec4<f32>>;      // (cols / 32) (d, d * sum q halves, 0)

fn lo16(w: u32) -> f32 { return unpack2x16float(w).x; }
fn hi16(w: u32) -> f32 { return unpack2x16float(w).y; }
fn mid(a: u32, b: u32) -> u32 { return (a >> 16u) | (b << 16u); }

fn q4_idot(q: u32, k: u32, xs: ptr<function, array<u32, 16>>, half: u32) -> i32 {
  return dot4I8Packed(q & 0x0f0f0f0fu, (*xs)[half * 8u + k]) + dot4I8Packed((q >> 4u) & 0x0f0f0f0fu, (*xs)[half * 8u + 4u + k]);
}

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
    var xs: array<u32, 16>;
    for (var k = 0u; k < 16u; k++) { xs[k] = xq[p * 16u + k]; }
    let x0 = xd[2u * p];
    let x1 = xd[2u * p + 1u];
    for (var r = 0u; r < R; r++) {
      let w = wr[r] + p * 9u;
      let a0 = weight[w];
      var prev = a0;
      var s0 = 0;
      for (var k = 0u; k < 4u; k++) {
        let next = weight[w + 1u + k];
        s0 += q4_idot(mid(prev, next), k, &xs, 0u);
        prev = next;
      }
      var s1 = 0;
      for (var k = 0u; k < 4u; k++) { s1 += q4_idot(weight[w + 5u + k], k, &xs, 1u); }
      // d_w * d_x * sum((q - 8) qx) = d_w * (d_x * sum(q qx) - 8 * d_x * sum(qx))
      acc[r] += lo16(a0) * (x0.x * f32(s0) - 8.0 * (x0.y + x0.z)) + hi16(prev) * (x1.x * f32(s1) - 8.0 * (x1.y + x1.z));
    }
  }
  for (var r = 0u; r < R; r++) {
    if (row0 + r < params.rows) { y[params.y_offset + row0 + r] = acc[r]; }
  }
}
