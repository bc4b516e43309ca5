// Sums SUM_N values per invocation across the workgroup (size WG); the totals are valid in invocation 0.
// Subgroup path: subgroupAdd, then one partial per subgroup through workgroup memory.
// Fallback: a tree in workgroup memory.

var<workgroup> sum_scratch: array<f32, WG * SUM_N>;

#if SUBGROUPS
fn workgroup_sum(values: array<f32, SUM_N>, lid: u32, sg_size: u32, sg_lane: u32) -> array<f32, SUM_N> {
  let sg_index = lid / sg_size;
  let n_sg = (WG + sg_size - 1u) / sg_size;
  for (var i = 0u; i < SUM_N; i++) {
    let s = subgroupAdd(values[i]);
    if (sg_lane == 0u) { sum_scratch[i * WG + sg_index] = s; }
  }
  workgroupBarrier();
  var out: array<f32, SUM_N>;
  if (lid == 0u) {
    for (var i = 0u; i < SUM_N; i++) {
      var total = 0.0;
      for (var g = 0u; g < n_sg; g++) { total += sum_scratch[i * WG + g]; }
      out[i] = total;
    }
  }
  return out;
}
#else
fn workgroup_sum(values: array<f32, SUM_N>, lid: u32) -> array<f32, SUM_N> {
  for (var i = 0u; i < SUM_N; i++) { sum_scratch[i * WG + lid] = values[i]; }
  workgroupBarrier();
  for (var stride = WG / 2u; stride > 0u; stride /= 2u) {
    if (lid < stride) {
      for (var i = 0u; i < SUM_N; i++) { sum_scratch[i * WG + lid] += sum_scratch[i * WG + lid + stride]; }
    }
    workgroupBarrier();
  }
  var out: array<f32, SUM_N>;
  for (var i = 0u; i < SUM_N; i++) { out[i] = sum_scratch[i * WG]; }
  return out;
}
#endif
