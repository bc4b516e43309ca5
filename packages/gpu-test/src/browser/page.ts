// Browser side of the GPU test runner: the page runs suites itself, or hands them to a dedicated Worker.
import { suites } from '../discover.ts';
import { type RunnerWindow, runSuites, type SuiteRun } from '../run-suites.ts';

function runInWorker(): Promise<SuiteRun> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  return new Promise((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<SuiteRun | { error: string }>) => {
      worker.terminate();
      if ('error' in event.data) reject(new Error(event.data.error));
      else resolve(event.data);
    };
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
  });
}

const runner: RunnerWindow = {
  runGpuSuites: (where) => (where === 'page' ? runSuites(navigator.gpu, suites) : runInWorker()),
};
Object.assign(window, runner);
