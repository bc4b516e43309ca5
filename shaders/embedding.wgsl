// Embedding lookup: out[t] = dequantized row ids[t] of the token table (vocab, cols) in its GGUF layout, times
// scale (1, or Gemma's sqrt(n_embd)).
// One workgroup per token; the table may be bound as several row ranges (one dispatch per range, rows
// outside the range are skipped). dequant_WEIGHT_TYPE names the type.
#include "_dequant.wgsl"

struct EmbeddingParams {
  cols: u32,      // elements per row
  row_bytes: u32, // bytes per row
  row_start: u32, // first table row held by this binding
  rows: u32,      // rows held by this binding
  n_tokens: u32,
  scale: f32,     // factor applied to every element
}

@group(0) @binding(0) var<uniform> params: EmbeddingParams;
@group(0) @binding(1) var<storage, read> weight: array<u32>;     // (rows, row_bytes / 4), GGUF blocks
@group(0) @binding(2) var<storage, read> ids: array<u32>;        // (n_tokens) token ids
@group(0) @binding(3) var<storage, read_write> out: array<f32>;  // (n_tokens, cols)

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let token = wg.x;
  if (token >= params.n_tokens) { return; }
  let id = ids[token];
  if (id < params.row_start || id >= params.row_start + params.rows) { return; }
  let row_byte = (id - params.row_start) * params.row_bytes;
  for (var u = lid; u < (params.cols + 31u) / 32u; u += 64u) {
    let w = dequant_WEIGHT_TYPE(row_byte, u, params.cols);
    for (var e = 0u; e < 32u; e++) {
      let col = u * 32u + e;
      if (col < params.cols) { out[token * params.cols + col] = w[e / 4u][e % 4u] * params.scale; }
    }
  }
}
