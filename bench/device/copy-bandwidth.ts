// The adapter's own copy bandwidth through WebGPU (copyBufferToBuffer, bytes read plus written): the limit
// the report uses where PyTorch is missing (the lavapipe stand-in), and a cross-check of it on the GPU.
import { parseArgs } from 'node:util';
import { requestKernelDevice } from '@wgllm/runtime';
import { create, globals } from 'webgpu';
import { positiveInt } from './model-set.ts';

Object.assign(globalThis, globals);

export interface CopyBandwidth {
  adapter: string;
  bytes: number;
  copies: number;
  /** Median over the repeats, ms per copy. */
  ms: number;
  /** (read + written) bytes / s, in GB/s. */
  gbPerSecond: number;
}

const REPEATS = 5;

export async function printCopyBandwidth(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: { mib: { type: 'string', default: '1024' }, copies: { type: 'string', default: '10' } },
  });
  const gpu = create([]); // held until exit: Dawn crashes if the instance is collected while a device lives
  const { device, adapterName } = await requestKernelDevice(gpu);
  const copies = positiveInt('--copies', values.copies);
  // Several times any cache, within what one buffer may be.
  const bytes = Math.min(positiveInt('--mib', values.mib) * 2 ** 20, device.limits.maxBufferSize) & ~255;
  const usage = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const src = device.createBuffer({ size: bytes, usage });
  const dst = device.createBuffer({ size: bytes, usage });
  const copy = async () => {
    const encoder = device.createCommandEncoder();
    for (let i = 0; i < copies; i++) encoder.copyBufferToBuffer(src, 0, dst, 0, bytes);
    const start = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return (performance.now() - start) / copies;
  };
  await copy(); // first touch of both buffers
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) times.push(await copy());
  const ms = times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
  const result: CopyBandwidth = {
    adapter: adapterName,
    bytes,
    copies,
    ms,
    gbPerSecond: (2 * bytes) / ms / 1e6,
  };
  console.log(JSON.stringify(result));
  device.destroy();
}
