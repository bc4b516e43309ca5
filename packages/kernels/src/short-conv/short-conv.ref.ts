/**
 * CPU reference of LFM2's short causal convolution (shaders/short_conv.wgsl): per token, Bx = B * x (f32)
 * enters a window after the state's kernel - 1 previous Bx, the window's dot with the channel's taps is summed
 * in f64 and rounded to f32, and out = C * conv (f32). Updates `state` in place to the last kernel - 1 Bx.
 */
export function shortConvRef(
  bcx: Float32Array, // (n_tokens, 3 * channels): B | C | x
  weight: Float32Array, // (channels, kernel), taps oldest first
  state: Float32Array, // (kernel - 1, channels), oldest first; updated
  channels: number,
  kernel: number,
): Float32Array {
  const d = channels;
  const kept = kernel - 1;
  const nTokens = bcx.length / (3 * d);
  const out = new Float32Array(nTokens * d); // (n_tokens, channels)
  const window = new Float32Array(kernel);
  for (let c = 0; c < d; c++) {
    for (let j = 0; j < kept; j++) window[j] = state[j * d + c]!;
    for (let t = 0; t < nTokens; t++) {
      const row = t * 3 * d;
      window[kept] = bcx[row + c]! * bcx[row + 2 * d + c]!;
      let sum = 0;
      for (let k = 0; k < kernel; k++) sum += window[k]! * weight[c * kernel + k]!;
      out[t * d + c] = bcx[row + d + c]! * Math.fround(sum);
      window.copyWithin(0, 1);
    }
    for (let j = 0; j < kept; j++) state[j * d + c] = window[j]!;
  }
  return out;
}
