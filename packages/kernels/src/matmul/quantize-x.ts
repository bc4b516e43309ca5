// The int8 matmul path's activations: x quantized once per call to blocks of 32 (ggml's q8_1 idea), into
// scratch buffers the bound kernel owns (made at prepare time, reused every call).
import { bindGroup, type Dispatch, grid2d } from '../common/bound-kernel.ts';
import type { KernelDevice } from '../common/kernel-device.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

export const quantizeParams = defineParams('QuantizeParams', [
  ['blocks', 'u32'],
  ['n_tokens', 'u32'],
  ['x_stride', 'u32'],
] as const);

const QUANTIZE_WG = 64;

export interface QuantizedX {
  /** Runs before the matmul's own dispatches. */
  dispatch: Dispatch;
  /** The params and scratch buffers (destroyed with the bound kernel). */
  owned: GPUBuffer[];
  /** Bindings 5 and 6 of the int8 kernels: xq (nTokens, cols / 4) i8x4 u32, xd (nTokens, cols / 32) vec4 f32. */
  resources: GPUBindingResource[];
}

/** x (nTokens, cols) f32, cols a multiple of 32. */
export function prepareQuantizeX(gpu: KernelDevice, x: GPUBuffer, cols: number, nTokens: number): QuantizedX {
  const { device } = gpu;
  if (cols % 32 !== 0) throw new Error(`int8 activations need a multiple of 32 columns, got ${cols}`);
  const blocks = cols / 32;
  const pipeline = cachedPipeline(device, 'quantize_q8', () => wgsl.quantize_q8);
  const params = createParamsBuffer(device, quantizeParams, { blocks, n_tokens: nTokens, x_stride: cols });
  const usage = GPUBufferUsage.STORAGE;
  const xq = device.createBuffer({ label: 'xq', size: Math.max(16, nTokens * cols), usage });
  const xd = device.createBuffer({ label: 'xd', size: Math.max(16, nTokens * blocks * 16), usage });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: x }, { buffer: xq }, { buffer: xd }],
    'quantize_q8',
  );
  const [gx] = grid2d(Math.ceil(blocks / QUANTIZE_WG));
  return {
    dispatch: { pipeline, bindGroup: group, workgroups: [gx, nTokens, 1] },
    owned: [params, xq, xd],
    resources: [{ buffer: xq }, { buffer: xd }],
  };
}
