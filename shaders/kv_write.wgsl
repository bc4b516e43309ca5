// Appends the new tokens' K and V (n_tokens, n_head_kv, head_dim) to the caches at positions[0] + t (a cache is a
// ring of max_seq slots: position p goes to slot p % max_seq, so a windowed layer keeps only its window),
// rotating K with RoPE on the way when ROPE (RoPE + KV write fused: K is read and written once).
// One invocation per (token, head, pair of dims); kv_t is f32 or f16.
#include "_rope.wgsl"

struct KvWriteParams {
  n_tokens: u32,
  n_head_kv: u32,
  head_dim: u32,  // elements per head (even)
  max_seq: u32,   // cache slots (a ring: position p at slot p % max_seq)
  n_rot: u32,       // RoPE (see rope.wgsl): leading dims that rotate
  neox: u32,
  freq_base: f32,
  freq_scale: f32,
  ext_factor: f32,
  attn_factor: f32,
  corr_low: f32,
  corr_high: f32,
}

@group(0) @binding(0) var<uniform> params: KvWriteParams;
@group(0) @binding(1) var<storage, read> k: array<f32>;               // (n_tokens, n_head_kv, head_dim)
@group(0) @binding(2) var<storage, read> v: array<f32>;               // (n_tokens, n_head_kv, head_dim)
@group(0) @binding(3) var<storage, read> positions: array<u32>;       // [0]: position of token 0
@group(0) @binding(4) var<storage, read_write> k_cache: array<kv_t>;  // (n_head_kv, max_seq, head_dim)
@group(0) @binding(5) var<storage, read_write> v_cache: array<kv_t>;  // (n_head_kv, max_seq, head_dim)
#if ROPE
@group(0) @binding(6) var<storage, read> freq_factors: array<f32>;    // (n_rot / 2)
#endif

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>) {
  let half = params.head_dim / 2u;
  let index = gid.x + gid.y * n_wg.x * 64u;
  if (index >= params.n_tokens * params.n_head_kv * half) { return; }
  let j = index % half;
  let head = (index / half) % params.n_head_kv;
  let token = index / (half * params.n_head_kv);
  let pos = positions[0] + token;
  let src = (token * params.n_head_kv + head) * params.head_dim;
  let dst = (head * params.max_seq + pos % params.max_seq) * params.head_dim;
  var pair = vec2<u32>(2u * j, 2u * j + 1u);
  var kv = vec2<f32>(k[src + pair.x], k[src + pair.y]);
#if ROPE
  if (j < params.n_rot / 2u) {
    pair = rope_pair_index(j, params.n_rot, params.neox != 0u);
    kv = rope_rotate(vec2<f32>(k[src + pair.x], k[src + pair.y]), j, pos, freq_factors[j]);
  }
#endif
  k_cache[dst + pair.x] = kv_t(kv.x);
  k_cache[dst + pair.y] = kv_t(kv.y);
  v_cache[dst + 2u * j] = kv_t(v[src + 2u * j]);
  v_cache[dst + 2u * j + 1u] = kv_t(v[src + 2u * j + 1u]);
}
