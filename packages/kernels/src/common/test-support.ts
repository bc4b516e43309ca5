import type { BoundKernel } from './bound-kernel.ts';

/** Records the kernels into one compute pass and submits it (tests and bench). */
export function encodeAndSubmit(device: GPUDevice, ...kernels: BoundKernel[]): void {
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  for (const kernel of kernels) kernel.encode(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
}
