// One version of a lab kernel: a matmul (decode mat-vec when nTokens is 1) behind the runtime's binding,
// so every version runs on the same buffers and is checked against the same CPU reference.
import { boundKernel } from '../../packages/kernels/src/common/bound-kernel.ts';
import { cachedPipeline } from '../../packages/kernels/src/common/pipeline-cache.ts';
import type {
  BoundKernel,
  KernelDevice,
  MatmulBinding,
  MatmulOptions,
} from '../../packages/kernels/src/index.ts';
import { bindMatmulParts, type PartGrid } from '../../packages/kernels/src/matmul/matmul-parts.ts';
import { prepareQuantizeX } from '../../packages/kernels/src/matmul/quantize-x.ts';

export interface KernelVersion {
  /** v1, v2, ... (v1 is the runtime's kernel when the lab started). */
  name: string;
  /** What this version tries, in one line. */
  note: string;
  /** Largest error against the f64 CPU reference, relative to the largest |y|, that counts as correct. */
  tolerance: number;
  /** The bound kernel, or undefined where this version does not take the type, shape or device. */
  prepare(gpu: KernelDevice, options: MatmulOptions, binding: MatmulBinding): BoundKernel | undefined;
}

/** A lab version's bound kernel: its pipeline (cached by `key`) over the runtime's per-part bindings. */
export function labKernel(
  gpu: KernelDevice,
  key: string,
  code: () => string,
  options: MatmulOptions,
  binding: MatmulBinding,
  grid: PartGrid,
  /** Quantize x to int8 blocks first (bindings 5, 6: see quantize-x.ts). */
  int8 = false,
): BoundKernel {
  const pipeline = cachedPipeline(gpu.device, `lab:${key}`, code);
  const quantized = int8 ? prepareQuantizeX(gpu, binding.x, binding.cols, binding.nTokens) : undefined;
  const extra = quantized ? { quantizedX: quantized.resources } : {};
  const { dispatches, owned } = bindMatmulParts(gpu.device, pipeline, options, binding, {
    ...grid,
    ...extra,
  });
  return quantized
    ? boundKernel([quantized.dispatch, ...dispatches], [...quantized.owned, ...owned])
    : boundKernel(dispatches, owned);
}
