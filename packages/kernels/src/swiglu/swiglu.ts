import { type BoundKernel, gridFor } from '../common/bound-kernel.ts';
import { defineParams } from '../common/params.ts';
import { prepareSingleDispatch } from '../common/single-dispatch.ts';

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
  return prepareSingleDispatch(device, {
    shader: 'swiglu',
    params: swigluParams,
    values: { n: b.n },
    buffers: [b.gate, b.up, b.out],
    workgroups: gridFor(b.n, 64),
  });
}
