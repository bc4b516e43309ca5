// Greedy sampling on the GPU: index of the largest logit (lowest index on ties), so one u32 is all
// that is read back. One workgroup scans the vocabulary.

struct ArgmaxParams {
  n: u32, // vocabulary size
}

@group(0) @binding(0) var<uniform> params: ArgmaxParams;
@group(0) @binding(1) var<storage, read> logits: array<f32>;        // (n)
@group(0) @binding(2) var<storage, read_write> result: array<u32>;  // [0]: token id

const WG: u32 = 256u;
var<workgroup> best_value: array<f32, WG>;
var<workgroup> best_index: array<u32, WG>;

fn better(value: f32, index: u32, than_value: f32, than_index: u32) -> bool {
  return value > than_value || (value == than_value && index < than_index);
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  var value = -3.4028234663852886e38;
  var index = 0xffffffffu;
  for (var i = lid; i < params.n; i += WG) {
    let v = logits[i];
    if (better(v, i, value, index)) {
      value = v;
      index = i;
    }
  }
  best_value[lid] = value;
  best_index[lid] = index;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride && better(best_value[lid + stride], best_index[lid + stride], best_value[lid], best_index[lid])) {
      best_value[lid] = best_value[lid + stride];
      best_index[lid] = best_index[lid + stride];
    }
    workgroupBarrier();
  }
  if (lid == 0u) { result[0] = best_index[0]; }
}
