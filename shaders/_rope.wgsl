// Rotates one pair of a head vector by the RoPE angle of `pos`. Pair i (i < n_rot / 2) is (2i, 2i + 1)
// in the normal ordering and (i, i + n_rot / 2) in NeoX ordering; dims past n_rot are left alone.
// theta = pos * freq_scale * freq_base^(-2i / n_rot).
fn rope_pair_index(i: u32, n_rot: u32, neox: bool) -> vec2<u32> {
  return select(vec2<u32>(2u * i, 2u * i + 1u), vec2<u32>(i, i + n_rot / 2u), neox);
}

const TWO_PI: f32 = 6.283185307179586;

fn rope_rotate(v: vec2<f32>, i: u32, pos: u32, n_rot: u32, freq_base: f32, freq_scale: f32) -> vec2<f32> {
  let angle = f32(pos) * freq_scale * pow(freq_base, -f32(2u * i) / f32(n_rot));
  // WGSL bounds sin/cos error only on [-pi, pi]: reduce first.
  let theta = angle - TWO_PI * round(angle / TWO_PI);
  let c = cos(theta);
  let s = sin(theta);
  return vec2<f32>(v.x * c - v.y * s, v.x * s + v.y * c);
}
