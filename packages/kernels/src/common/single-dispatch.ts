// The shape most small kernels have: one pipeline, one params uniform, one bind group, one dispatch.

import { type ShaderName, wgsl } from '../generated/shaders.ts';
import { type BoundKernel, bindGroup, boundKernel } from './bound-kernel.ts';
import { createParamsBuffer, type ParamsLayout } from './params.ts';
import { cachedPipeline } from './pipeline-cache.ts';

export interface SingleDispatch<Field extends string> {
  /** The WGSL module, also the pipeline's cache key and label. */
  shader: ShaderName;
  params: ParamsLayout<Field>;
  values: Readonly<Record<Field, number>>;
  /** Bound at 1, 2, ... after the params uniform at 0. */
  buffers: readonly GPUBuffer[];
  workgroups: readonly [number, number, number];
}

/** Builds (or finds) the pipeline, writes the params once and binds the buffers: one dispatch per encode. */
export function prepareSingleDispatch<Field extends string>(
  device: GPUDevice,
  kernel: SingleDispatch<Field>,
): BoundKernel {
  const pipeline = cachedPipeline(device, kernel.shader, () => wgsl[kernel.shader]);
  const params = createParamsBuffer(device, kernel.params, kernel.values);
  const resources = [{ buffer: params }, ...kernel.buffers.map((buffer) => ({ buffer }))];
  const group = bindGroup(device, pipeline, resources, kernel.shader);
  return boundKernel([{ pipeline, bindGroup: group, workgroups: kernel.workgroups }], [params]);
}
