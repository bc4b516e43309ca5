// What both attention kernels (attention.wgsl, attention_rows.wgsl) share: the parameters, the query and KV
// cache bindings, and how a position maps to its ring slot and to the window of a query. Needs HD, HD4 and
// kv_t from the variant header.

struct AttentionParams {
  n_head: u32,    // query heads
  n_head_kv: u32, // key/value heads; query head h reads KV head h / (n_head / n_head_kv)
  n_tokens: u32,  // query tokens (1 for decode)
  max_seq: u32,   // KV cache slots; position p lives at slot p % max_seq
  n_splits: u32,  // KV ranges per row (grid z)
  scale: f32,     // softmax scale, usually 1 / sqrt(head_dim)
  window_len: u32, // positions a token sees, itself included; 0: all before it
  softcap: f32,   // attention-logit soft cap; 0: none
}

@group(0) @binding(0) var<uniform> params: AttentionParams;
@group(0) @binding(1) var<storage, read> q: array<f32>;          // (n_tokens, n_head, HD)
@group(0) @binding(2) var<storage, read> k_cache: array<kv_t>;   // (n_head_kv, max_seq, HD), a ring of slots
@group(0) @binding(3) var<storage, read> v_cache: array<kv_t>;   // (n_head_kv, max_seq, HD), a ring of slots
@group(0) @binding(4) var<storage, read> positions: array<u32>;  // [0]: position of query token 0

// Finite "minus infinity": keeps exp() and subtraction free of inf - inf.
const NO_SCORE: f32 = -3.0e38;

fn load4(cache: ptr<storage, array<kv_t>, read>, at: u32) -> vec4<f32> {
  return vec4<f32>(f32((*cache)[at]), f32((*cache)[at + 1u]), f32((*cache)[at + 2u]), f32((*cache)[at + 3u]));
}

/** Cache element of vec4 `i` of the tile of positions from `start`: its position's ring slot. */
fn slot_at(kv_base: u32, start: u32, i: u32) -> u32 {
  return kv_base + ((start + i / HD4) % params.max_seq) * HD + (i % HD4) * 4u;
}

/** The first position a query whose visible positions end before `limit` sees. */
fn window_start(limit: u32) -> u32 {
  return select(0u, limit - params.window_len, params.window_len > 0u && limit > params.window_len);
}
