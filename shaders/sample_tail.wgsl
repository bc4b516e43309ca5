// What sampling needs to know about the tokens outside the top-k candidates, so that a draw over the whole
// vocabulary stays exact while only the k candidates are read back: the softmax normalizer at temperature 1
// (for top-p), the tail's mass at the sampling temperature, and one tail token drawn in proportion to
// exp(logit / T) by the Gumbel-max trick (argmax of logit / T + Gumbel noise from a seeded hash of
// seed, step and token id). One workgroup scans the vocabulary. Banned tokens (logit LOWEST, see
// logit_adjust.wgsl) have no mass and are skipped rather than trusted to underflow.

struct SampleTailParams {
  n: u32,               // vocabulary size
  k: u32,               // candidates top-k picked: the tail is every logit below top_values[k - 1]
  inv_temperature: f32, // 1 / T
  seed: u32,
  step: u32,            // tokens drawn so far in the request: fresh noise for each draw
}

struct TailStats {
  sum_all: f32,    // over the vocabulary: sum of exp(l - max)
  sum_tail: f32,   // over the tail: sum of exp((l - max) / T)
  tail_id: u32,    // the tail's draw; 0xffffffff when no tail token has mass
  tail_count: u32, // tokens in the tail
}

@group(0) @binding(0) var<uniform> params: SampleTailParams;
@group(0) @binding(1) var<storage, read> logits: array<f32>;      // (n)
@group(0) @binding(2) var<storage, read> top_values: array<f32>;  // (k) descending: [0] is the max
@group(0) @binding(3) var<storage, read_write> stats: TailStats;

const WG: u32 = 256u;
const NONE: u32 = 0xffffffffu;
const LOWEST: f32 = -3.4028234663852886e38;
var<workgroup> sum_all: array<f32, WG>;
var<workgroup> sum_tail: array<f32, WG>;
var<workgroup> count: array<u32, WG>;
var<workgroup> best_key: array<f32, WG>;
var<workgroup> best_id: array<u32, WG>;

fn pcg_hash(v: u32) -> u32 {
  let state = v * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// Standard Gumbel noise, -ln(-ln u) with u uniform in (0, 1) from 24 hashed bits.
fn gumbel(id: u32) -> f32 {
  let bits = pcg_hash(id ^ pcg_hash(params.seed ^ pcg_hash(params.step)));
  let u = (f32(bits >> 8u) + 0.5) / 16777216.0;
  return -log(-log(u));
}

fn better(key: f32, id: u32, than_key: f32, than_id: u32) -> bool {
  return key > than_key || (key == than_key && id < than_id);
}

@compute @workgroup_size(WG)
fn main(@builtin(local_invocation_index) lid: u32) {
  let max = top_values[0];
  let has_tail = params.k < params.n;
  let threshold = top_values[min(params.k, params.n) - 1u];
  var all = 0.0;
  var tail = 0.0;
  var n_tail = 0u;
  var key = LOWEST;
  var id = NONE;
  for (var i = lid; i < params.n; i += WG) {
    let l = logits[i];
    if (l == LOWEST) { continue; }
    all += exp(l - max);
    if (has_tail && l < threshold) {
      let z = (l - max) * params.inv_temperature;
      tail += exp(z);
      n_tail++;
      let noisy = z + gumbel(i);
      if (better(noisy, i, key, id)) {
        key = noisy;
        id = i;
      }
    }
  }
  sum_all[lid] = all;
  sum_tail[lid] = tail;
  count[lid] = n_tail;
  best_key[lid] = key;
  best_id[lid] = id;
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      sum_all[lid] += sum_all[lid + stride];
      sum_tail[lid] += sum_tail[lid + stride];
      count[lid] += count[lid + stride];
      if (better(best_key[lid + stride], best_id[lid + stride], best_key[lid], best_id[lid])) {
        best_key[lid] = best_key[lid + stride];
        best_id[lid] = best_id[lid + stride];
      }
    }
    workgroupBarrier();
  }
  if (lid == 0u) {
    stats = TailStats(sum_all[0], sum_tail[0], best_id[0], count[0]);
  }
}
