// What the bench page exposes on `window` for the Node side (playwright) to call.
import type { RunFigures } from '../../../measure/run-result.ts';
import type { Workload } from '../../../workload.ts';

export interface BenchPageApi {
  /** Our engine on the page's WebGPU adapter, model fetched from `modelUrl`. */
  wgllm(modelUrl: string, workload: Workload): Promise<RunFigures>;
  /**
   * wllama (llama.cpp in wasm) on the same model, on the CPU: its WebGPU backend gets no adapter in its
   * Worker in this Chromium, so it would fall back to the CPU anyway.
   */
  wllama(modelUrl: string, workload: Workload): Promise<RunFigures>;
  /** navigator.userAgent and the WebGPU adapter, for the results' machine section. */
  environment(): Promise<{ userAgent: string; adapter: string }>;
}

export interface BenchWindow {
  benchPage: BenchPageApi;
  /** Exposed by the Node side: receives the figures so far after each phase. */
  benchProgress?: (figures: RunFigures) => void;
}
