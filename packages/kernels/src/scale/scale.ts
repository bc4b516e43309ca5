import { type BoundKernel, gridFor } from '../common/bound-kernel.ts';
import { defineParams } from '../common/params.ts';
import { prepareSingleDispatch } from '../common/single-dispatch.ts';

export const scaleParams = defineParams('ScaleParams', [
  ['n', 'u32'],
  ['scale', 'f32'],
] as const);

export interface ScaleBinding {
  x: GPUBuffer; // (n) f32, scaled in place
  n: number;
  scale: number;
}

/** x = scale * x, in place. */
export function prepareScale(device: GPUDevice, b: ScaleBinding): BoundKernel {
  return prepareSingleDispatch(device, {
    shader: 'scale',
    params: scaleParams,
    values: { n: b.n, scale: b.scale },
    buffers: [b.x],
    workgroups: gridFor(b.n, 64),
  });
}
