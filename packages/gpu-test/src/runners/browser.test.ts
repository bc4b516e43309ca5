// Runs every GPU suite in headless Chromium (SwiftShader), in the page and in a dedicated Worker, one suite per
// call so each gets the hook timeout to itself. Vite serves the runner page (it expands the suite glob and bundles
// the Worker) and shared/models for fixtures; results come back as JSON.
// For development, WGLLM_CHROMIUM=page|worker picks one environment and WGLLM_GPU_SUITE=<words> the suites whose
// name or file contains one of the comma-separated words.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.ts';
import { selectSuites } from '../discover.ts';
import type { RunnerWindow, SuiteRun } from '../run-suites.ts';
import { serveSharedModels } from '../shared-models-plugin.ts';
import { runsIn } from '../suite.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../../../..');
const environments = (['page', 'worker'] as const).filter((w) => (process.env.WGLLM_CHROMIUM ?? w) === w);
const selected = selectSuites(process.env.WGLLM_GPU_SUITE);

let server: ViteDevServer;
let browser: Browser;
let page: Page;
const logs: string[] = [];

beforeAll(async () => {
  server = await createServer({
    root: join(here, '../browser'),
    configFile: false,
    logLevel: 'error',
    plugins: [serveSharedModels()],
    // No file watching: an edit elsewhere in the tree must not reload the page mid-run.
    server: { host: '127.0.0.1', port: 0, fs: { allow: [repoRoot] }, hmr: false, watch: null },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a TCP port');
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (message) => logs.push(message.text()));
  page.on('pageerror', (error) => logs.push(error.message));
  await page.goto(`http://127.0.0.1:${address.port}/index.html`);
  await page.waitForFunction(() => 'runGpuSuite' in window, null, { timeout: 120_000 });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

for (const where of environments) {
  describe(`chromium-${where}`, () => {
    for (const suite of selected.filter((s) => runsIn(s, `chromium-${where}`))) {
      describe(suite.name, () => {
        let run: SuiteRun;
        beforeAll(async () => {
          const start = performance.now();
          try {
            run = await page.evaluate(
              ([w, name]) => (window as unknown as RunnerWindow).runGpuSuite(w, name),
              [where, suite.name] as const,
            );
          } catch (error) {
            throw new Error(
              `chromium ${where} run of ${suite.name} failed: ${String(error)}\n${logs.join('\n')}`,
            );
          }
          console.log(
            `chromium-${where} ${suite.name}: ${((performance.now() - start) / 1000).toFixed(1)} s`,
          );
          if (!/swiftshader/i.test(run.adapterName)) throw new Error(`not SwiftShader: ${run.adapterName}`);
        });

        for (const testCase of suite.cases) {
          it(testCase.name, () => {
            const result = run.results.find((r) => r.name === testCase.name);
            expect(result, 'case did not run').toBeDefined();
            if (result?.logs.length) {
              const seconds = (result.ms / 1000).toFixed(1);
              console.log([`${suite.name} / ${testCase.name} (${seconds} s)`, ...result.logs].join('\n  '));
            }
            expect(result?.error ?? null).toBeNull();
          });
        }
      });
    }
  });
}
