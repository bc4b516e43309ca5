// Causal GQA prefill attention with one invocation per query row: the row's scaled query, running max, sum
// and output stay in registers (flash attention without shared softmax state). A workgroup serves WG rows,
// HEADS query heads of one KV group times TOKENS consecutive tokens; each tile of TILE positions of K and V
// is loaded into workgroup memory once for all of them, with two barriers per tile. CPU adapters (lavapipe,
// SwiftShader) run a workgroup's invocations as SIMD lanes and pay for every barrier and idle lane, which
// attention.wgsl has many of at small head sizes and long contexts. Windows, ring caches and soft-capping as
// in attention.wgsl. Variant constants: HD (head_dim, a multiple of 4), HD4 (= HD / 4), HEADS, TOKENS, TILE,
// WG (>= HEADS x TOKENS); kv_t is f32 or f16.

#include "_attention_cache.wgsl"
@group(0) @binding(5) var<storage, read_write> out: array<f32>;  // (n_tokens, n_head, HD)

var<workgroup> k_tile: array<vec4<f32>, TILE * HD4>;  // K of TILE positions
var<workgroup> v_tile: array<vec4<f32>, TILE * HD4>;  // V of the same positions

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let group_size = params.n_head / params.n_head_kv;
  let groups_per_kv = (group_size + HEADS - 1u) / HEADS;
  let kv_head = wg.x / groups_per_kv;
  let in_group = (wg.x % groups_per_kv) * HEADS + lid % HEADS;
  let token = wg.y * TOKENS + lid / HEADS;
  let valid = lid < HEADS * TOKENS && in_group < group_size && token < params.n_tokens;
  let pos0 = positions[0];
  // This row sees positions [first, limit).
  let limit = pos0 + token + 1u;
  let first = window_start(limit);

  // Positions the workgroup visits: from its first token's window start to its last token's limit.
  let last_token = min(params.n_tokens, (wg.y + 1u) * TOKENS) - 1u;
  let hi = pos0 + last_token + 1u;
  let lo = window_start(pos0 + wg.y * TOKENS + 1u);

  let at = (token * params.n_head + kv_head * group_size + in_group) * HD;
  var query: array<vec4<f32>, HD4>;
  var acc: array<vec4<f32>, HD4>;
  if (valid) {
    for (var d = 0u; d < HD4; d++) {
      let e = at + d * 4u;
      query[d] = vec4<f32>(q[e], q[e + 1u], q[e + 2u], q[e + 3u]) * params.scale;
    }
  }
  var running_max = NO_SCORE;
  var running_sum = 0.0;
  let kv_base = kv_head * params.max_seq * HD;

  for (var start = lo; start < hi; start += TILE) {
    let n = min(TILE, hi - start);
    workgroupBarrier(); // every row is done with the previous tile
    for (var i = lid; i < n * HD4; i += WG) {
      let slot = slot_at(kv_base, start, i);
      k_tile[i] = load4(&k_cache, slot);
      v_tile[i] = load4(&v_cache, slot);
    }
    workgroupBarrier();
    // Every row walks the whole tile, so position t and its K/V reads are uniform (broadcast loads, not
    // gathers); positions outside a row's [first, limit) weigh nothing. SIMD batches of invocations without
    // a row (a short chunk) skip the walk.
    if (valid) {
      for (var t = 0u; t < n; t++) {
        let visible = start + t >= first && start + t < limit;
        var s = 0.0;
        for (var d = 0u; d < HD4; d++) { s += dot(query[d], k_tile[t * HD4 + d]); }
        if (params.softcap > 0.0) { s = params.softcap * tanh(clamp(s / params.softcap, -15.0, 15.0)); }
        s = select(NO_SCORE, s, visible);
        // Online softmax, one position at a time (a scores array indexed by t would leave registers): what was
        // summed so far is rescaled when the running max grows, which after the first positions is rare.
        if (s > running_max) {
          let rescale = exp(running_max - s);
          running_sum *= rescale;
          for (var d = 0u; d < HD4; d++) { acc[d] *= rescale; }
          running_max = s;
        }
        let w = select(0.0, exp(s - running_max), visible);
        running_sum += w;
        for (var d = 0u; d < HD4; d++) { acc[d] += w * v_tile[t * HD4 + d]; }
      }
    }
  }

  if (valid) {
    let inv_sum = 1.0 / running_sum;
    for (var d = 0u; d < HD4; d++) {
      let v = acc[d] * inv_sum;
      let e = at + d * 4u;
      out[e] = v.x;
      out[e + 1u] = v.y;
      out[e + 2u] = v.z;
      out[e + 3u] = v.w;
    }
  }
}
