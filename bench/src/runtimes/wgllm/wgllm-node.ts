// Our engine in Node on Dawn: whichever Vulkan adapter the process environment selects (scripts/adapters.mjs).
import { openAsBlob } from 'node:fs';
import { blobSource } from '@wgllm/gguf';
import { requestKernelDevice } from '@wgllm/runtime';
import { create, globals } from 'webgpu';
import { type GpuClasses, meterDevice } from '../../measure/gpu-meter.ts';
import { measureRunner } from '../../measure/measure-runner.ts';
import type { ProgressCallback, RunFigures } from '../../measure/run-result.ts';
import { contextFor, type Workload } from '../../workload.ts';
import { type LoadedEngine, loadEngine } from './load-engine.ts';

// The engine uses GPUBufferUsage & co. as globals, as in a browser.
Object.assign(globalThis, globals);

export async function runWgllmNode(
  modelPath: string,
  workload: Workload,
  onProgress: ProgressCallback,
): Promise<RunFigures> {
  // Held until the process exits: Dawn crashes if the instance is collected while a device lives.
  const gpu = create([]);
  const engineDevice = await requestKernelDevice(gpu);
  const meter = meterDevice(engineDevice.device, globals as GpuClasses);
  let engine: LoadedEngine | undefined;
  try {
    return await measureRunner(
      async () => {
        const source = blobSource(await openAsBlob(modelPath));
        engine = await loadEngine({ ...engineDevice, device: meter.device }, source, contextFor(workload));
        return engine.runner;
      },
      meter,
      workload,
      engineDevice.adapterName,
      onProgress,
    );
  } finally {
    engine?.destroy();
    engineDevice.device.destroy();
  }
}
