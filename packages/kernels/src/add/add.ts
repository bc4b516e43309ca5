import { type BoundKernel, bindGroup, boundKernel, gridFor } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

export const addParams = defineParams('AddParams', [['n', 'u32']] as const);

export interface AddBinding {
  a: GPUBuffer; // (n) f32
  b: GPUBuffer; // (n) f32
  out: GPUBuffer; // (n) f32, neither a nor b
  /** Elements: nTokens * width. */
  n: number;
}

/** out = a + b. */
export function prepareAdd(device: GPUDevice, binding: AddBinding): BoundKernel {
  const pipeline = cachedPipeline(device, 'add', () => wgsl.add);
  const params = createParamsBuffer(device, addParams, { n: binding.n });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: binding.a }, { buffer: binding.b }, { buffer: binding.out }],
    'add',
  );
  return boundKernel([{ pipeline, bindGroup: group, workgroups: gridFor(binding.n, 64) }], [params]);
}
