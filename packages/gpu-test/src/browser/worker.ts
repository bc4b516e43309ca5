// Dedicated Worker side of the GPU test runner: runs the suite it is sent and posts the results once.
import { suiteNamed } from '../discover.ts';
import { runSuite } from '../run-suites.ts';

addEventListener('message', (event: MessageEvent<string>) => {
  Promise.resolve()
    .then(() => runSuite(navigator.gpu, suiteNamed(event.data), 'chromium-worker'))
    .then(
      (run) => postMessage(run),
      (error: unknown) => postMessage({ error: error instanceof Error ? error.message : String(error) }),
    );
});
