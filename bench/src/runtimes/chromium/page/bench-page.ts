// The bench page: exposes the runtimes to playwright as window.benchPage. Each runtime's module is imported on
// first use, so one that fails to load (e.g. an engine API in flux) leaves the others measurable.
import type { ProgressCallback } from '../../../measure/run-result.ts';
import type { BenchPageApi, BenchWindow } from './page-api.ts';

const progress: ProgressCallback = (figures) => (window as unknown as BenchWindow).benchProgress?.(figures);

const api: BenchPageApi = {
  async wgllm(modelUrl, workload) {
    const { runWgllmPage } = await import('./wgllm-page.ts');
    return runWgllmPage(modelUrl, workload, progress);
  },
  async wllama(modelUrl, workload) {
    const { runWllamaPage } = await import('./wllama-page.ts');
    return runWllamaPage(modelUrl, workload, progress);
  },
  async environment() {
    const adapter = await navigator.gpu?.requestAdapter();
    const info = adapter?.info;
    const name = info
      ? [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ')
      : '';
    return { userAgent: navigator.userAgent, adapter: name || 'no WebGPU adapter' };
  },
};

(window as unknown as BenchWindow).benchPage = api;
