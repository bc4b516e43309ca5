// In-place RoPE on q or k (n_tokens, n_heads, head_dim). Token t sits at position positions[0] + t: the
// position comes from a buffer so the same recorded commands serve every decode step.
#include "_rope.wgsl"

struct RopeParams {
  n_tokens: u32,
  n_heads: u32,
  head_dim: u32,  // elements per head
  n_rot: u32,       // leading dims of each head that rotate (even, <= head_dim)
  neox: u32,        // 1: NeoX pair ordering (i, i + n_rot / 2); 0: adjacent pairs (2i, 2i + 1)
  freq_base: f32,
  freq_scale: f32,
  ext_factor: f32,  // YaRN: 0 off
  attn_factor: f32, // cos/sin magnitude
  corr_low: f32,    // YaRN ramp, in pairs
  corr_high: f32,
}

@group(0) @binding(0) var<uniform> params: RopeParams;
@group(0) @binding(1) var<storage, read_write> v: array<f32>;    // (n_tokens, n_heads, head_dim)
@group(0) @binding(2) var<storage, read> positions: array<u32>;  // [0]: position of token 0
@group(0) @binding(3) var<storage, read> freq_factors: array<f32>; // (n_rot / 2)

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>) {
  let half = params.n_rot / 2u;
  let index = gid.x + gid.y * n_wg.x * 64u; // one invocation per rotated pair
  if (index >= params.n_tokens * params.n_heads * half) { return; }
  let i = index % half;
  let head = index / half; // token * n_heads + head
  let token = head / params.n_heads;
  let pair = rope_pair_index(i, params.n_rot, params.neox != 0u) + head * params.head_dim;
  let r = rope_rotate(vec2<f32>(v[pair.x], v[pair.y]), i, positions[0] + token, freq_factors[i]);
  v[pair.x] = r.x;
  v[pair.y] = r.y;
}
