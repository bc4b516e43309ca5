// Rotates one pair of a head vector by the RoPE angle of `pos`, as ggml's rope with rope_yarn. Pair i
// (i < n_rot / 2) is (2i, 2i + 1) in the normal ordering and (i, i + n_rot / 2) in NeoX ordering; dims past
// n_rot are left alone. The including shader declares `params` with the fields of rope.ts's ropeParamFields.
// theta_extrap = pos * freq_base^(-2i / n_rot) / factor (factor: llama 3 / LongRoPE per-pair frequency factor),
// theta = freq_scale * theta_extrap, blended back towards theta_extrap by YaRN's ramp over [corr_low, corr_high].
fn rope_pair_index(i: u32, n_rot: u32, neox: bool) -> vec2<u32> {
  return select(vec2<u32>(2u * i, 2u * i + 1u), vec2<u32>(i, i + n_rot / 2u), neox);
}

const TWO_PI: f32 = 6.283185307179586;

fn rope_rotate(v: vec2<f32>, i: u32, pos: u32, factor: f32) -> vec2<f32> {
  let extrapolated = f32(pos) * pow(params.freq_base, -f32(2u * i) / f32(params.n_rot)) / factor;
  let ramp = 1.0 - clamp((f32(i) - params.corr_low) / max(0.001, params.corr_high - params.corr_low), 0.0, 1.0);
  let mix = ramp * params.ext_factor;
  let angle = params.freq_scale * extrapolated * (1.0 - mix) + extrapolated * mix;
  var mscale = params.attn_factor;
  if (params.ext_factor != 0.0) {
    mscale *= 1.0 + 0.1 * log(1.0 / params.freq_scale);
  }
  // WGSL bounds sin/cos error only on [-pi, pi]: reduce first.
  let theta = angle - TWO_PI * round(angle / TWO_PI);
  let c = cos(theta) * mscale;
  let s = sin(theta) * mscale;
  return vec2<f32>(v.x * c - v.y * s, v.x * s + v.y * c);
}
