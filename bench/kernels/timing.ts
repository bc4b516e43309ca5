// Times a kernel: with timestamp queries around one pass of `iterations` encodes when the device has them,
// else wall time of the same submission. Warm-up first (pipeline compiles, first binding).
import type { BoundKernel } from '../../packages/kernels/src/index.ts';

export interface Timer {
  /** Mean milliseconds per encode. */
  time(kernel: BoundKernel, iterations: number): Promise<number>;
  method: 'timestamp-query' | 'wall';
}

export function createTimer(device: GPUDevice): Timer {
  const timestamps = device.features.has('timestamp-query');
  const querySet = timestamps ? device.createQuerySet({ type: 'timestamp', count: 2 }) : undefined;
  const resolve = device.createBuffer({
    size: 16,
    usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC,
  });
  const readback = device.createBuffer({
    size: 16,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });

  async function run(kernel: BoundKernel, iterations: number): Promise<number> {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass(
      querySet ? { timestampWrites: { querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } } : {},
    );
    for (let i = 0; i < iterations; i++) kernel.encode(pass);
    pass.end();
    if (querySet) {
      encoder.resolveQuerySet(querySet, 0, 2, resolve, 0);
      encoder.copyBufferToBuffer(resolve, 0, readback, 0, 16);
    }
    const start = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    const wallMs = performance.now() - start;
    if (!querySet) return wallMs / iterations;
    await readback.mapAsync(GPUMapMode.READ);
    const [begin, end] = new BigInt64Array(readback.getMappedRange());
    readback.unmap();
    const gpuMs = Number(end! - begin!) / 1e6;
    // Some drivers report zeros: fall back to the wall clock then.
    return (gpuMs > 0 ? gpuMs : wallMs) / iterations;
  }

  return {
    method: timestamps ? 'timestamp-query' : 'wall',
    async time(kernel, iterations) {
      await run(kernel, 1);
      return run(kernel, iterations);
    },
  };
}
