// Our engine in the page: same protocol and counters as in Node, model read from the bench server by URL.
import { openUrlSource } from '@wgllm/gguf';
import { requestKernelDevice } from '@wgllm/runtime';
import { meterDevice } from '../../../measure/gpu-meter.ts';
import { measureRunner } from '../../../measure/measure-runner.ts';
import type { ProgressCallback, RunFigures } from '../../../measure/run-result.ts';
import { contextFor, type Workload } from '../../../workload.ts';
import { type LoadedEngine, loadEngine } from '../../wgllm/load-engine.ts';

export async function runWgllmPage(
  modelUrl: string,
  workload: Workload,
  onProgress: ProgressCallback,
): Promise<RunFigures> {
  const engineDevice = await requestKernelDevice(navigator.gpu);
  const meter = meterDevice(engineDevice.device, globalThis);
  let engine: LoadedEngine | undefined;
  try {
    return await measureRunner(
      async () => {
        const source = await openUrlSource(new URL(modelUrl, location.href).href);
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
