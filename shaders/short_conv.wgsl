// LFM2's short causal convolution (llama.cpp src/models/lfm2.cpp build_shortconv_block), between in_proj and
// out_proj: per token the in_proj row is B | C | x (each `channels` wide); Bx = B * x feeds a depthwise causal
// conv1d of `kernel` taps over time, whose window starts with the conv state (the previous kernel - 1 Bx of the
// channel, oldest first); out = C * conv. The state is left holding the last kernel - 1 Bx (a step of fewer
// tokens keeps older ones). One invocation per channel walks the step's tokens in order: each token reads
// what the one before it shifted in, so no other invocation ever touches the channel's state.

struct ShortConvParams {
  channels: u32,  // d (n_embd)
  n_tokens: u32,
  kernel: u32,    // taps L (l_cache), at most MAX_KERNEL
}

const MAX_KERNEL: u32 = 8u;

@group(0) @binding(0) var<uniform> params: ShortConvParams;
@group(0) @binding(1) var<storage, read> bcx: array<f32>;         // (n_tokens, 3 * channels): B | C | x
@group(0) @binding(2) var<storage, read> weight: array<f32>;      // (channels, kernel), taps oldest first
@group(0) @binding(3) var<storage, read_write> state: array<f32>; // (kernel - 1, channels), oldest first
@group(0) @binding(4) var<storage, read_write> out: array<f32>;   // (n_tokens, channels)

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>) {
  let c = gid.x + gid.y * n_wg.x * 64u;
  let d = params.channels;
  if (c >= d) { return; }
  let taps = params.kernel;
  let kept = taps - 1u;
  var window: array<f32, MAX_KERNEL>;
  for (var j = 0u; j < kept; j++) { window[j] = state[j * d + c]; }
  for (var t = 0u; t < params.n_tokens; t++) {
    let row = t * 3u * d;
    window[kept] = bcx[row + c] * bcx[row + 2u * d + c];
    var sum = 0.0;
    for (var k = 0u; k < taps; k++) { sum += window[k] * weight[c * taps + k]; }
    out[t * d + c] = bcx[row + d + c] * sum;
    for (var k = 0u; k < kept; k++) { window[k] = window[k + 1u]; }
  }
  for (var j = 0u; j < kept; j++) { state[j * d + c] = window[j]; }
}
