import { type BoundKernel, bindGroup, boundKernel } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

export const argmaxParams = defineParams('ArgmaxParams', [['n', 'u32']] as const);

export interface ArgmaxBinding {
  logits: GPUBuffer; // (n) f32
  result: GPUBuffer; // u32 [0]: the token id (can feed the next step's embedding ids directly)
  n: number;
}

/** Greedy sampling: result[0] = argmax(logits), lowest index on ties. */
export function prepareArgmax(device: GPUDevice, b: ArgmaxBinding): BoundKernel {
  const pipeline = cachedPipeline(device, 'argmax', () => wgsl.argmax);
  const params = createParamsBuffer(device, argmaxParams, { n: b.n });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: b.logits }, { buffer: b.result }],
    'argmax',
  );
  return boundKernel([{ pipeline, bindGroup: group, workgroups: [1, 1, 1] }], [params]);
}
