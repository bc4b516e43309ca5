import { type BoundKernel, bindGroup, boundKernel, gridFor } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

export const swigluParams = defineParams('SwigluParams', [['n', 'u32']] as const);

export interface SwigluBinding {
  gate: GPUBuffer; // (n) f32
  up: GPUBuffer; // (n) f32
  out: GPUBuffer; // (n) f32
  /** Elements: nTokens * nFf. */
  n: number;
}

/** out = silu(gate) * up. */
export function prepareSwiglu(device: GPUDevice, b: SwigluBinding): BoundKernel {
  const pipeline = cachedPipeline(device, 'swiglu', () => wgsl.swiglu);
  const params = createParamsBuffer(device, swigluParams, { n: b.n });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: b.gate }, { buffer: b.up }, { buffer: b.out }],
    'swiglu',
  );
  return boundKernel([{ pipeline, bindGroup: group, workgroups: gridFor(b.n, 64) }], [params]);
}
