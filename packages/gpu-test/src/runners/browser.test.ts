// Runs every GPU suite in headless Chromium (SwiftShader), once in the page and once in a dedicated Worker.
// Vite serves the runner page (it expands the suite glob and bundles the Worker); results come back as JSON.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../chromium.ts';
import { suites } from '../discover.ts';
import type { RunnerWindow, SuiteRun } from '../run-suites.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../../../..');

let server: ViteDevServer;
let browser: Browser;
const runs = new Map<string, SuiteRun>();

beforeAll(async () => {
  server = await createServer({
    root: join(here, '../browser'),
    configFile: false,
    logLevel: 'error',
    server: { host: '127.0.0.1', port: 0, fs: { allow: [repoRoot] } },
  });
  await server.listen();
  const address = server.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a TCP port');
  browser = await launchChromium();
  const page = await browser.newPage();
  const logs: string[] = [];
  page.on('console', (message) => logs.push(message.text()));
  page.on('pageerror', (error) => logs.push(error.message));
  await page.goto(`http://127.0.0.1:${address.port}/index.html`);
  await page.waitForFunction(() => 'runGpuSuites' in window, null, { timeout: 120_000 });
  for (const where of ['page', 'worker'] as const) {
    try {
      runs.set(where, await page.evaluate((w) => (window as unknown as RunnerWindow).runGpuSuites(w), where));
    } catch (error) {
      throw new Error(`chromium ${where} run failed: ${String(error)}\n${logs.join('\n')}`);
    }
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

for (const where of ['page', 'worker'] as const) {
  describe(`chromium-${where}`, () => {
    it('has a SwiftShader WebGPU adapter', () => {
      const run = runs.get(where);
      expect(run?.adapterName).toMatch(/swiftshader/i);
    });
    for (const suite of suites) {
      describe(suite.name, () => {
        for (const testCase of suite.cases) {
          it(testCase.name, () => {
            const result = runs
              .get(where)
              ?.results.find((r) => r.suite === suite.name && r.name === testCase.name);
            expect(result, 'case did not run').toBeDefined();
            expect(result?.error ?? null).toBeNull();
          });
        }
      });
    }
  });
}
