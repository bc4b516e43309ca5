import { type BoundKernel, bindGroup, boundKernel } from '../common/bound-kernel.ts';
import type { KernelDevice } from '../common/kernel-device.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';

export const rmsNormParams = defineParams('RmsNormParams', [
  ['dim', 'u32'],
  ['n_tokens', 'u32'],
  ['eps', 'f32'],
  ['x_scale', 'f32'],
] as const);

const WG = 256;

export interface RmsNormBinding {
  x: GPUBuffer; // (nTokens, dim) f32
  /** When given: residual += xScale * x first (in place), and the norm is taken of the sum. (nTokens, dim) f32 */
  residual?: GPUBuffer;
  /** Weight of x in that add (default 1): a block output's residual multiplier. */
  xScale?: number;
  weight: GPUBuffer; // (dim) f32
  out: GPUBuffer; // (nTokens, dim) f32
  dim: number;
  nTokens: number;
  eps: number;
}

/** out = x / rms(x) * weight per token, optionally fused with the residual add before it. */
export function prepareRmsNorm(gpu: KernelDevice, b: RmsNormBinding): BoundKernel {
  const { device, subgroups } = gpu;
  const add = b.residual !== undefined;
  const key = `rmsnorm:${add ? 'add' : 'plain'}:${subgroups ? 'sg' : 'wg'}`;
  const pipeline = cachedPipeline(device, key, () =>
    shaderSource(wgsl.rmsnorm, {
      enables: subgroups ? ['subgroups'] : [],
      constants: { WG, SUM_N: 1 },
      flags: { SUBGROUPS: subgroups, ADD_RESIDUAL: add },
    }),
  );
  const params = createParamsBuffer(device, rmsNormParams, {
    dim: b.dim,
    n_tokens: b.nTokens,
    eps: b.eps,
    x_scale: b.xScale ?? 1,
  });
  const residual = b.residual ? { buffer: b.residual } : undefined;
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: b.x }, residual, { buffer: b.weight }, { buffer: b.out }],
    key,
  );
  return boundKernel([{ pipeline, bindGroup: group, workgroups: [b.nTokens, 1, 1] }], [params]);
}
