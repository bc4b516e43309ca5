// Top-k candidate selection over the logits, so sampling reads back k (id, logit) pairs instead of the
// vocabulary. Each workgroup takes a chunk and picks its k best one at a time, each pick the best element
// ordered after the previous pick (by logit descending, then id ascending), writing them sorted.
// Stage 1 runs over the logits (ids are indices); stage 2 (IDS_IN) over stage 1's candidates, one workgroup.

struct TopKParams {
  n: u32,     // input elements
  k: u32,     // candidates per workgroup
  chunk: u32, // input elements per workgroup
}

@group(0) @binding(0) var<uniform> params: TopKParams;
@group(0) @binding(1) var<storage, read> values: array<f32>;          // (n)
#if IDS_IN
@group(0) @binding(2) var<storage, read> ids: array<u32>;             // (n) token id of each value
#endif
@group(0) @binding(3) var<storage, read_write> out_values: array<f32>; // (workgroups, k), descending
@group(0) @binding(4) var<storage, read_write> out_ids: array<u32>;    // (workgroups, k); 0xffffffff past the input

const WG: u32 = 256u;
const NONE: u32 = 0xffffffffu;
const LOWEST: f32 = -3.4028234663852886e38;
var<workgroup> best_value: array<f32, WG>;
var<workgroup> best_id: array<u32, WG>;

fn before(v: f32, id: u32, than_v: f32, than_id: u32) -> bool {
  return v > than_v || (v == than_v && id < than_id);
}

fn id_of(i: u32) -> u32 {
#if IDS_IN
  return ids[i];
#else
  return i;
#endif
}

@compute @workgroup_size(WG)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let start = wg.x * params.chunk;
  let end = min(params.n, start + params.chunk);
  // The previous pick; the first pick may be anything.
  var last_value = 3.4028234663852886e38;
  var last_id = 0u;
  var first = true;
  for (var j = 0u; j < params.k; j++) {
    var value = LOWEST;
    var id = NONE;
    for (var i = start + lid; i < end; i += WG) {
      let v = values[i];
      let candidate = id_of(i);
      let eligible = candidate != NONE && (first || before(last_value, last_id, v, candidate));
      if (eligible && before(v, candidate, value, id)) {
        value = v;
        id = candidate;
      }
    }
    best_value[lid] = value;
    best_id[lid] = id;
    workgroupBarrier();
    for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
      if (lid < stride && before(best_value[lid + stride], best_id[lid + stride], best_value[lid], best_id[lid])) {
        best_value[lid] = best_value[lid + stride];
        best_id[lid] = best_id[lid + stride];
      }
      workgroupBarrier();
    }
    last_value = best_value[0];
    last_id = best_id[0];
    first = false;
    if (lid == 0u) {
      out_values[wg.x * params.k + j] = last_value;
      out_ids[wg.x * params.k + j] = last_id;
    }
    workgroupBarrier();
  }
}
