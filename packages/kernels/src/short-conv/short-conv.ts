import { type BoundKernel, gridFor } from '../common/bound-kernel.ts';
import { defineParams } from '../common/params.ts';
import { prepareSingleDispatch } from '../common/single-dispatch.ts';

export const shortConvParams = defineParams('ShortConvParams', [
  ['channels', 'u32'],
  ['n_tokens', 'u32'],
  ['kernel', 'u32'],
] as const);

/** Taps the shader's per-channel window holds (its MAX_KERNEL); LFM2 has 3. */
export const SHORT_CONV_MAX_KERNEL = 8;

export interface ShortConvBinding {
  bcx: GPUBuffer; // (nTokens, 3 * channels) f32: B | C | x, in_proj's output
  weight: GPUBuffer; // (channels, kernel) f32, taps oldest first
  state: GPUBuffer; // (kernel - 1, channels) f32, the previous Bx oldest first; updated in place
  out: GPUBuffer; // (nTokens, channels) f32
  channels: number;
  nTokens: number;
  /** Taps (LFM2's l_cache). */
  kernel: number;
}

/** out = C * causal_conv(B * x) over the step's tokens after the state's, the state left at the step's end. */
export function prepareShortConv(device: GPUDevice, b: ShortConvBinding): BoundKernel {
  if (!(Number.isInteger(b.kernel) && b.kernel >= 2 && b.kernel <= SHORT_CONV_MAX_KERNEL))
    throw new RangeError(`short conv kernel must be 2..${SHORT_CONV_MAX_KERNEL} taps, got ${b.kernel}`);
  return prepareSingleDispatch(device, {
    shader: 'short_conv',
    params: shortConvParams,
    values: { channels: b.channels, n_tokens: b.nTokens, kernel: b.kernel },
    buffers: [b.bcx, b.weight, b.state, b.out],
    workgroups: gridFor(b.channels, 64),
  });
}
