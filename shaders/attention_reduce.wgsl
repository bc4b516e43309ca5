// Combines the n_splits partial results of split-K decode attention: each split's sum and output are
// rescaled from its own running max to the global one. One workgroup per (token, query head).

struct AttentionReduceParams {
  n_rows: u32,    // n_tokens * n_head
  head_dim: u32,  // elements per head
  n_splits: u32,
}

@group(0) @binding(0) var<uniform> params: AttentionReduceParams;
@group(0) @binding(1) var<storage, read> partial_o: array<f32>;   // (n_splits, n_rows, head_dim)
@group(0) @binding(2) var<storage, read> partial_ml: array<f32>;  // (n_splits, n_rows, 2): max, sum
@group(0) @binding(3) var<storage, read_write> out: array<f32>;   // (n_rows, head_dim)

const NO_SCORE: f32 = -3.0e38;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let row = wg.x;
  if (row >= params.n_rows) { return; }
  var global_max = NO_SCORE;
  for (var s = 0u; s < params.n_splits; s++) {
    global_max = max(global_max, partial_ml[(s * params.n_rows + row) * 2u]);
  }
  var total = 0.0;
  for (var s = 0u; s < params.n_splits; s++) {
    let at = (s * params.n_rows + row) * 2u;
    total += select(0.0, exp(partial_ml[at] - global_max), partial_ml[at] > NO_SCORE) * partial_ml[at + 1u];
  }
  for (var d = lid; d < params.head_dim; d += 64u) {
    var sum = 0.0;
    for (var s = 0u; s < params.n_splits; s++) {
      let at = s * params.n_rows + row;
      let m = partial_ml[at * 2u];
      sum += select(0.0, exp(m - global_max), m > NO_SCORE) * partial_o[at * params.head_dim + d];
    }
    out[row * params.head_dim + d] = sum / total;
  }
}
