// The steps the kernels' GPU suites share: upload the inputs, run the prepared kernel once, read the outputs
// back and free every buffer; and the whole case list of an element-wise kernel. Imported by *.gpu.test.ts only.

import {
  createStorageBuffer,
  expectAllClose,
  type GpuTestFn,
  randomF32,
  readBuffer,
  seededRandom,
  type Tolerance,
  uploadBuffer,
} from '@wgllm/gpu-test';
import type { BoundKernel } from './bound-kernel.ts';
import { encodeAndSubmit } from './test-support.ts';

/**
 * Runs `use` with a storage buffer holding each of `inputs` (also readable back, for kernels that work in
 * place) and an empty one of each of `outputBytes`; frees them afterwards, also when `use` throws.
 */
export async function withBuffers<T>(
  device: GPUDevice,
  inputs: readonly ArrayBufferView[],
  outputBytes: readonly number[],
  use: (inputs: GPUBuffer[], outputs: GPUBuffer[]) => Promise<T>,
): Promise<T> {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
  const inputBuffers = inputs.map((data) => uploadBuffer(device, data, usage));
  const outputBuffers = outputBytes.map((bytes) => createStorageBuffer(device, bytes));
  try {
    return await use(inputBuffers, outputBuffers);
  } finally {
    for (const buffer of [...inputBuffers, ...outputBuffers]) buffer.destroy();
  }
}

/** Runs the kernel `prepare` binds to such buffers once and returns the outputs' bytes; frees it all. */
export function runKernel(
  device: GPUDevice,
  inputs: readonly ArrayBufferView[],
  outputBytes: readonly number[],
  prepare: (inputs: GPUBuffer[], outputs: GPUBuffer[]) => BoundKernel,
): Promise<ArrayBuffer[]> {
  return withBuffers(device, inputs, outputBytes, async (inputBuffers, outputBuffers) => {
    const kernel = prepare(inputBuffers, outputBuffers);
    try {
      encodeAndSubmit(device, kernel);
      return await Promise.all(outputBuffers.map((buffer, i) => readBuffer(device, buffer, outputBytes[i]!)));
    } finally {
      kernel.destroy();
    }
  });
}

export interface ElementwiseSpec {
  /** Element counts, one case each (odd ones included). */
  sizes: readonly number[];
  /** One random input per entry, uniform in ±scale. */
  inputScales: readonly number[];
  prepare(device: GPUDevice, inputs: GPUBuffer[], out: GPUBuffer, n: number): BoundKernel;
  reference(inputs: Float32Array[]): Float32Array;
  tolerance: Tolerance;
}

/** One case per size for a kernel of n-element f32 inputs and one n-element f32 output, against its reference. */
export function elementwiseCases(test: (name: string, run: GpuTestFn) => void, spec: ElementwiseSpec): void {
  for (const n of spec.sizes) {
    test(`${n} elements`, async ({ device }) => {
      const random = seededRandom(n);
      const inputs = spec.inputScales.map((scale) => randomF32(n, random, scale));
      const [out] = await runKernel(device, inputs, [n * 4], (buffers, [output]) =>
        spec.prepare(device, buffers, output as GPUBuffer, n),
      );
      expectAllClose(new Float32Array(out as ArrayBuffer), spec.reference(inputs), spec.tolerance, 'out');
    });
  }
}
