// y = W x for a row-major f32 matrix W (rows, cols): one workgroup per row, strided partial sums,
// tree reduction in workgroup memory. The reference kernel for the GPU test harness.

struct Params {
  rows: u32, // output length
  cols: u32, // input length, elements
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> weight: array<f32>; // (rows, cols)
@group(0) @binding(2) var<storage, read> x: array<f32>;      // (cols)
@group(0) @binding(3) var<storage, read_write> y: array<f32>; // (rows)

const WG: u32 = 64u;
var<workgroup> partial: array<f32, WG>;

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = wg.x;
  if (row >= params.rows) { return; }
  let base = row * params.cols;
  var sum = 0.0;
  for (var c = lid; c < params.cols; c += WG) {
    sum += weight[base + c] * x[c];
  }
  partial[lid] = sum;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
    workgroupBarrier();
  }
  if (lid == 0u) { y[row] = partial[0]; }
}
