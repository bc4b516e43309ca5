// Browser side of the GPU test runner: the page runs a suite itself, or hands it to a dedicated Worker.
import { suiteNamed } from '../discover.ts';
import { type RunnerWindow, runSuite, type SuiteRun } from '../run-suites.ts';

function runInWorker(suiteName: string): Promise<SuiteRun> {
  const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
  return new Promise<SuiteRun>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<SuiteRun | { error: string }>) => {
      if ('error' in event.data) reject(new Error(event.data.error));
      else resolve(event.data);
    };
    worker.onerror = (event) => reject(new Error(`worker failed: ${event.message}`));
    worker.postMessage(suiteName);
  }).finally(() => worker.terminate());
}

const runner: RunnerWindow = {
  runGpuSuite: (where, suiteName) =>
    where === 'page'
      ? runSuite(navigator.gpu, suiteNamed(suiteName), 'chromium-page')
      : runInWorker(suiteName),
};
Object.assign(window, runner);
