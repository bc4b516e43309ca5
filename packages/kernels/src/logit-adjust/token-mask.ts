import { type BoundKernel, bindGroup, boundKernel, grid2d } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

export const tokenMaskParams = defineParams('TokenMaskParams', [['n', 'u32']] as const);

const WORKGROUP = 256;

export interface TokenMaskBinding {
  logits: GPUBuffer; // (n) f32, masked in place
  n: number; // vocabulary size (tokens)
}

/** A prepared mask pass that owns its mask buffer, rewritten before each submit (no allocation per token). */
export interface TokenMaskKernel extends BoundKernel {
  /** Queues this step's mask: (ceil(n / 32)) u32, bit t % 32 of word t >> 5 set: token t allowed. */
  write(mask: Uint32Array<ArrayBuffer>): void;
}

export function prepareTokenMask(device: GPUDevice, b: TokenMaskBinding): TokenMaskKernel {
  const pipeline = cachedPipeline(device, 'token_mask', () => wgsl.token_mask);
  const params = createParamsBuffer(device, tokenMaskParams, { n: b.n });
  const words = Math.ceil(b.n / 32);
  const mask = device.createBuffer({
    label: 'token mask',
    size: words * 4,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: mask }, { buffer: b.logits }],
    'token mask',
  );
  const [x, y] = grid2d(Math.ceil(b.n / WORKGROUP));
  const kernel = boundKernel([{ pipeline, bindGroup: group, workgroups: [x, y, 1] }], [params, mask]);
  return {
    ...kernel,
    write(bits) {
      if (bits.length !== words) throw new RangeError(`token mask: ${bits.length} words, expected ${words}`);
      device.queue.writeBuffer(mask, 0, bits);
    },
  };
}
