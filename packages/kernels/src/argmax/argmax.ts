import type { BoundKernel } from '../common/bound-kernel.ts';
import { defineParams } from '../common/params.ts';
import { prepareSingleDispatch } from '../common/single-dispatch.ts';

export const argmaxParams = defineParams('ArgmaxParams', [['n', 'u32']] as const);

export interface ArgmaxBinding {
  logits: GPUBuffer; // (n) f32
  result: GPUBuffer; // u32 [0]: the token id (can feed the next step's embedding ids directly)
  n: number;
}

/** Greedy sampling: result[0] = argmax(logits), lowest index on ties. */
export function prepareArgmax(device: GPUDevice, b: ArgmaxBinding): BoundKernel {
  return prepareSingleDispatch(device, {
    shader: 'argmax',
    params: argmaxParams,
    values: { n: b.n },
    buffers: [b.logits, b.result],
    workgroups: [1, 1, 1],
  });
}
