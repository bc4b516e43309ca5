import { type BoundKernel, gridFor } from '../common/bound-kernel.ts';
import { defineParams } from '../common/params.ts';
import { prepareSingleDispatch } from '../common/single-dispatch.ts';

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
  return prepareSingleDispatch(device, {
    shader: 'add',
    params: addParams,
    values: { n: binding.n },
    buffers: [binding.a, binding.b, binding.out],
    workgroups: gridFor(binding.n, 64),
  });
}
