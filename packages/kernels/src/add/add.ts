import { type BoundKernel, gridFor } from '../common/bound-kernel.ts';
import { defineParams } from '../common/params.ts';
import { prepareSingleDispatch } from '../common/single-dispatch.ts';

export const addParams = defineParams('AddParams', [
  ['n', 'u32'],
  ['b_scale', 'f32'],
] as const);

export interface AddBinding {
  a: GPUBuffer; // (n) f32
  b: GPUBuffer; // (n) f32
  out: GPUBuffer; // (n) f32, neither a nor b
  /** Elements: nTokens * width. */
  n: number;
  /** Weight of b (default 1): a block output's residual multiplier. */
  bScale?: number;
}

/** out = a + bScale * b. */
export function prepareAdd(device: GPUDevice, binding: AddBinding): BoundKernel {
  return prepareSingleDispatch(device, {
    shader: 'add',
    params: addParams,
    values: { n: binding.n, b_scale: binding.bScale ?? 1 },
    buffers: [binding.a, binding.b, binding.out],
    workgroups: gridFor(binding.n, 64),
  });
}
