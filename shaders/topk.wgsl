// Top-k candidate selection over the logits, so sampling reads back k (id, logit) pairs instead of the
// vocabulary. One pass: each workgroup loads a chunk of up to CHUNK (value, id) pairs into workgroup memory,
// bitonic-sorts it (value descending, then id ascending) and writes its first k. Passes repeat over the
// previous pass's output until one chunk remains, whose first k are the answer, sorted. A sort costs
// log2(CHUNK) * (log2(CHUNK) + 1) / 2 barriers whatever k is (55 for 1024), where picking k one by one
// costs a reduction per pick; barriers are what CPU adapters pay most for.
// IDS_IN: the input holds candidates (ids alongside values); otherwise it is the logits (ids are indices).

struct TopKParams {
  n: u32, // input elements
  k: u32, // pairs written per workgroup (the first k of its sorted chunk)
}

@group(0) @binding(0) var<uniform> params: TopKParams;
@group(0) @binding(1) var<storage, read> values: array<f32>;           // (n)
#if IDS_IN
@group(0) @binding(2) var<storage, read> ids: array<u32>;              // (n) token id of each value
#endif
@group(0) @binding(3) var<storage, read_write> out_values: array<f32>; // (workgroups, k), descending
@group(0) @binding(4) var<storage, read_write> out_ids: array<u32>;    // (workgroups, k); 0xffffffff past the input

const WG: u32 = 256u;
const CHUNK: u32 = 1024u;
const NONE: u32 = 0xffffffffu;
const LOWEST: f32 = -3.4028234663852886e38;
var<workgroup> sort_values: array<f32, CHUNK>;
var<workgroup> sort_ids: array<u32, CHUNK>;

// Sort order: larger value first; equal values by lower id; padding (id NONE) last.
fn before(v: f32, id: u32, than_v: f32, than_id: u32) -> bool {
  return v > than_v || (v == than_v && id < than_id);
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let start = wg.x * CHUNK;
  for (var i = lid; i < CHUNK; i += WG) {
    let at = start + i;
    var v = LOWEST;
    var id = NONE;
    if (at < params.n) {
      v = values[at];
#if IDS_IN
      id = ids[at];
#else
      id = at;
#endif
    }
    sort_values[i] = v;
    sort_ids[i] = id;
  }
  workgroupBarrier();
  for (var size = 2u; size <= CHUNK; size <<= 1u) {
    for (var stride = size >> 1u; stride > 0u; stride >>= 1u) {
      // Each invocation compare-exchanges CHUNK / 2 / WG pairs (i, i ^ stride) with i < i ^ stride.
      for (var p = lid; p < CHUNK / 2u; p += WG) {
        let i = 2u * p - (p & (stride - 1u));
        let j = i + stride;
        let descending = (i & size) == 0u;
        let vi = sort_values[i];
        let vj = sort_values[j];
        let ii = sort_ids[i];
        let ij = sort_ids[j];
        if (before(vj, ij, vi, ii) == descending) {
          sort_values[i] = vj;
          sort_values[j] = vi;
          sort_ids[i] = ij;
          sort_ids[j] = ii;
        }
      }
      workgroupBarrier();
    }
  }
  for (var i = lid; i < params.k; i += WG) {
    out_values[wg.x * params.k + i] = sort_values[i];
    out_ids[wg.x * params.k + i] = sort_ids[i];
  }
}
