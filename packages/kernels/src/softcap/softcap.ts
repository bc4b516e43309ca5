import { type BoundKernel, bindGroup, boundKernel, gridFor } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

export const softcapParams = defineParams('SoftcapParams', [
  ['n', 'u32'],
  ['cap', 'f32'],
] as const);

export interface SoftcapBinding {
  x: GPUBuffer; // (n) f32, capped in place
  n: number;
  /** The cap (> 0): values end in (-cap, cap). */
  cap: number;
}

/** x = cap * tanh(x / cap), in place. */
export function prepareSoftcap(device: GPUDevice, b: SoftcapBinding): BoundKernel {
  if (!(b.cap > 0)) throw new RangeError(`soft cap must be positive, got ${b.cap}`);
  const pipeline = cachedPipeline(device, 'softcap', () => wgsl.softcap);
  const params = createParamsBuffer(device, softcapParams, { n: b.n, cap: b.cap });
  const group = bindGroup(device, pipeline, [{ buffer: params }, { buffer: b.x }], 'softcap');
  return boundKernel([{ pipeline, bindGroup: group, workgroups: gridFor(b.n, 64) }], [params]);
}
