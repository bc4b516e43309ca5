// x (n_tokens, cols) f32 -> int8 blocks of 32: xq (n_tokens, cols / 4) four i8 per word, and per block
// xd (n_tokens, cols / 32) = (d, d * sum(q[0..16]), d * sum(q[16..32]), 0) with x ~ d * q (the sums serve the
// weight types' offsets, per 16-element half for Q2_K). One invocation per block (no reduction).
struct QuantizeParams {
  blocks: u32,   // blocks per token (cols / 32)
  n_tokens: u32,
  x_stride: u32, // elements between tokens in x
}

@group(0) @binding(0) var<uniform> qparams: QuantizeParams;
@group(0) @binding(1) var<storage, read> qx: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read_write> xq_out: array<u32>;
@group(0) @binding(3) var<storage, read_write> xd_out: array<vec4<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let block = gid.x;
  let token = gid.y;
  if (block >= qparams.blocks || token >= qparams.n_tokens) { return; }
  let base = (token * qparams.x_stride) / 4u + block * 8u;
  var v: array<vec4<f32>, 8>;
  var amax = vec4<f32>(0.0);
  for (var k = 0u; k < 8u; k++) {
    v[k] = qx[base + k];
    amax = max(amax, abs(v[k]));
  }
  let m = max(max(amax.x, amax.y), max(amax.z, amax.w));
  let d = m / 127.0;
  let inv = select(0.0, 127.0 / m, m > 0.0);
  let out = (token * qparams.blocks + block) * 8u;
  var sum = vec2<i32>(0);
  for (var k = 0u; k < 8u; k++) {
    let q = vec4<i32>(round(v[k] * inv));
    sum[k / 4u] += q.x + q.y + q.z + q.w;
    xq_out[out + k] = pack4xI8(q);
  }
  xd_out[token * qparams.blocks + block] = vec4<f32>(d, d * f32(sum.x), d * f32(sum.y), 0.0);
}
