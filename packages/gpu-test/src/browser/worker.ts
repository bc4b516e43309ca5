// Dedicated Worker side of the GPU test runner: runs every suite and posts the results once.
import { suites } from '../discover.ts';
import { runSuites } from '../run-suites.ts';

runSuites(navigator.gpu, suites).then(
  (run) => postMessage(run),
  (error: unknown) => postMessage({ error: error instanceof Error ? error.message : String(error) }),
);
