// Fused grouped-query attention over the KV cache with online softmax (flash attention).
// A workgroup serves ROWS = HEADS x TOKENS query rows that share one KV head: HEADS query heads of that
// head's group and TOKENS consecutive tokens. Each K/V tile is loaded into workgroup memory once and used by
// every row, so K/V bytes read per token drop by HEADS. Decode: TOKENS = 1, and the context may be cut into
// n_splits ranges (flash-decoding, grid z) whose partial results attention_reduce combines. Prefill: TOKENS > 1,
// causal (token t sees positions <= positions[0] + t), n_splits = 1.
// Sliding window (window_len > 0): token t sees only its last window_len positions, and the loop starts at the
// first of them, so positions outside every row's window cost nothing. The cache is a ring of max_seq slots
// (position p at slot p % max_seq): a windowed layer's cache holds only the window plus a prefill chunk.
// Soft-capping (softcap > 0): scores become softcap * tanh(score / softcap) before the softmax (Gemma 2).
// Variant constants: HD (head_dim, a multiple of 4), HD4 (= HD / 4), HEADS, TOKENS, ROWS, TILE, WG,
// D_PER (= ceil(HD / WG)); kv_t is f32 or f16.

#include "_attention_cache.wgsl"
#if SPLIT
@group(0) @binding(6) var<storage, read_write> partial_o: array<f32>;  // (n_splits, n_tokens, n_head, HD), unnormalized
@group(0) @binding(7) var<storage, read_write> partial_ml: array<f32>; // (n_splits, n_tokens, n_head, 2): max, sum
#else
@group(0) @binding(5) var<storage, read_write> out: array<f32>;        // (n_tokens, n_head, HD)
#endif

var<workgroup> q_tile: array<vec4<f32>, ROWS * HD4>;   // scaled queries of this workgroup's rows
var<workgroup> kv_tile: array<vec4<f32>, TILE * HD4>;  // K, then V, of TILE positions
var<workgroup> scores: array<f32, ROWS * TILE>;  // scores, then softmax weights
var<workgroup> row_max: array<f32, ROWS>;
var<workgroup> row_sum: array<f32, ROWS>;
var<workgroup> row_rescale: array<f32, ROWS>;

struct Row {
  valid: bool,
  head: u32,  // query head
  token: u32, // query token
  first: u32, // positions >= first ...
  limit: u32, // ... and < limit are visible
}

fn row_of(r: u32, kv_head: u32, head_group: u32, token_block: u32, pos0: u32) -> Row {
  let group_size = params.n_head / params.n_head_kv;
  let in_group = head_group * HEADS + r % HEADS;
  let token = token_block * TOKENS + r / HEADS;
  let valid = in_group < group_size && token < params.n_tokens;
  let limit = pos0 + token + 1u;
  return Row(valid, kv_head * group_size + in_group, token, window_start(limit), limit);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let groups_per_kv = (params.n_head / params.n_head_kv + HEADS - 1u) / HEADS;
  let kv_head = wg.x / groups_per_kv;
  let head_group = wg.x % groups_per_kv;
  let token_block = wg.y;
  let split = wg.z;
  let pos0 = positions[0];

  // Positions this workgroup visits: from its first token's window start to its last token's limit, this
  // split's share of them.
  let last_token = min(params.n_tokens, (token_block + 1u) * TOKENS) - 1u;
  let visible = pos0 + last_token + 1u;
  let begin = window_start(pos0 + token_block * TOKENS + 1u);
  let split_len = (visible - begin + params.n_splits - 1u) / params.n_splits;
  let chunk = (split_len + TILE - 1u) / TILE * TILE;
  let lo = min(visible, begin + split * chunk);
  let hi = min(visible, lo + chunk);

  for (var i = lid; i < ROWS * HD4; i += WG) {
    let row = row_of(i / HD4, kv_head, head_group, token_block, pos0);
    let at = (row.token * params.n_head + row.head) * HD + (i % HD4) * 4u;
    let value = vec4<f32>(q[at], q[at + 1u], q[at + 2u], q[at + 3u]) * params.scale;
    q_tile[i] = select(vec4<f32>(0.0), value, row.valid);
  }
  if (lid < ROWS) {
    row_max[lid] = NO_SCORE;
    row_sum[lid] = 0.0;
  }
  var acc: array<f32, ROWS * D_PER>; // acc[r * D_PER + k]: row r, dim lid + k * WG
  let kv_base = kv_head * params.max_seq * HD;

  for (var start = lo; start < hi; start += TILE) {
    let n = min(TILE, hi - start);
    for (var i = lid; i < TILE * HD4; i += WG) {
      kv_tile[i] = select(vec4<f32>(0.0), load4(&k_cache, slot_at(kv_base, start, i)), i / HD4 < n);
    }
    workgroupBarrier();
    for (var p = lid; p < ROWS * TILE; p += WG) {
      let r = p / TILE;
      let t = p % TILE;
      let row = row_of(r, kv_head, head_group, token_block, pos0);
      var s = NO_SCORE;
      if (row.valid && t < n && start + t >= row.first && start + t < row.limit) {
        s = 0.0;
        for (var d = 0u; d < HD4; d++) { s += dot(q_tile[r * HD4 + d], kv_tile[t * HD4 + d]); }
        if (params.softcap > 0.0) { s = params.softcap * tanh(clamp(s / params.softcap, -15.0, 15.0)); }
      }
      scores[p] = s;
    }
    workgroupBarrier();
    // Online softmax: rescale what was summed so far to the new running max.
    if (lid < ROWS) {
      var tile_max = NO_SCORE;
      for (var t = 0u; t < TILE; t++) { tile_max = max(tile_max, scores[lid * TILE + t]); }
      let old_max = row_max[lid];
      let new_max = max(old_max, tile_max);
      var rescale = 1.0;
      var tile_sum = 0.0;
      if (new_max > NO_SCORE) {
        rescale = exp(old_max - new_max);
        for (var t = 0u; t < TILE; t++) {
          let s = scores[lid * TILE + t];
          let w = select(0.0, exp(s - new_max), s > NO_SCORE);
          scores[lid * TILE + t] = w;
          tile_sum += w;
        }
      } else {
        for (var t = 0u; t < TILE; t++) { scores[lid * TILE + t] = 0.0; }
      }
      row_max[lid] = new_max;
      row_sum[lid] = row_sum[lid] * rescale + tile_sum;
      row_rescale[lid] = rescale;
    }
    for (var i = lid; i < TILE * HD4; i += WG) {
      kv_tile[i] = select(vec4<f32>(0.0), load4(&v_cache, slot_at(kv_base, start, i)), i / HD4 < n);
    }
    workgroupBarrier();
    for (var r = 0u; r < ROWS; r++) {
      for (var k = 0u; k < D_PER; k++) {
        let d = lid + k * WG;
        if (d < HD) {
          var sum = acc[r * D_PER + k] * row_rescale[r];
          for (var t = 0u; t < n; t++) { sum += scores[r * TILE + t] * kv_tile[t * HD4 + d / 4u][d % 4u]; }
          acc[r * D_PER + k] = sum;
        }
      }
    }
    workgroupBarrier();
  }

  for (var r = 0u; r < ROWS; r++) {
    let row = row_of(r, kv_head, head_group, token_block, pos0);
    if (!row.valid) { continue; }
    let index = row.token * params.n_head + row.head;
#if SPLIT
    let at = split * params.n_tokens * params.n_head + index;
    if (lid == 0u) {
      partial_ml[at * 2u] = row_max[r];
      partial_ml[at * 2u + 1u] = row_sum[r];
    }
    for (var k = 0u; k < D_PER; k++) {
      let d = lid + k * WG;
      if (d < HD) { partial_o[at * HD + d] = acc[r * D_PER + k]; }
    }
#else
    let inv_sum = 1.0 / row_sum[r];
    for (var k = 0u; k < D_PER; k++) {
      let d = lid + k * WG;
      if (d < HD) { out[index * HD + d] = acc[r * D_PER + k] * inv_sum; }
    }
#endif
  }
}
