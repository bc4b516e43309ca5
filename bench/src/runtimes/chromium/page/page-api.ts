// What the bench page exposes on `window` for the Node side (playwright) to call.
import type { RunFigures } from '../../../measure/run-result.ts';
import type { Workload } from '../../../workload.ts';

export interface BenchPageApi {
  /** Our engine on the page's WebGPU adapter, model fetched from `modelUrl`. */
  wgllm(modelUrl: string, workload: Workload): Promise<RunFigures>;
  /** wllama (llama.cpp in wasm) on the same model; `gpuLayers` > 0 offloads to its WebGPU backend. */
  wllama(modelUrl: string, workload: Workload, gpuLayers: number): Promise<RunFigures>;
  /** navigator.userAgent and the WebGPU adapter, for the results' machine section. */
  environment(): Promise<{ userAgent: string; adapter: string }>;
}

export interface BenchWindow {
  benchPage: BenchPageApi;
}
