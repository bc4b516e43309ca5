// Logit bias and repetition / frequency / presence penalties, applied in place on the GPU before top-k, so
// sampling with them still reads back only the candidates. One invocation per entry: a distinct token id
// with its bias and its count in the penalty window (llama.cpp's penalties sampler, bias first).
// A banned token (bias -inf) gets the lowest finite f32 instead: WGSL need not preserve infinities.

struct LogitAdjustParams {
  n_entries: u32,  // live entries this step
  repetition: f32, // divides positive logits, multiplies negative ones; 1 is off
  frequency: f32,  // subtracted once per occurrence
  presence: f32,   // subtracted once
}

struct Entry {
  id: u32,     // token id (distinct across entries)
  count: u32,  // occurrences in the penalty window; 0: bias only
  bias: f32,   // added first
  banned: u32, // 1: the logit becomes LOWEST whatever else applies
}

const LOWEST: f32 = -3.4028234663852886e38;

@group(0) @binding(0) var<uniform> params: LogitAdjustParams;
@group(0) @binding(1) var<storage, read> entries: array<Entry>;      // (capacity)
@group(0) @binding(2) var<storage, read_write> logits: array<f32>;   // (vocab)

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= params.n_entries) { return; }
  let e = entries[i];
  if (e.banned != 0u) {
    logits[e.id] = LOWEST;
    return;
  }
  var logit = logits[e.id] + e.bias;
  if (e.count > 0u) {
    logit = select(logit / params.repetition, logit * params.repetition, logit <= 0.0);
    logit -= f32(e.count) * params.frequency + params.presence;
  }
  logits[e.id] = logit;
}
