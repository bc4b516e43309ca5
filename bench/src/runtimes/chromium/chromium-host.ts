// Runs the page-side runtimes in one headless Chromium (SwiftShader WebGPU): a fresh page per measurement.
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser } from 'playwright-core';
import type { RunOutcome } from '../../measure/run-result.ts';
import type { Workload } from '../../workload.ts';
import type { RuntimeId } from '../runtimes.ts';
import { type BenchServer, startBenchServer } from './bench-server.ts';
import type { BenchWindow } from './page/page-api.ts';

export interface ChromiumHost {
  run(runtime: RuntimeId, modelPath: string, workload: Workload, timeoutMs: number): Promise<RunOutcome>;
  environment(): Promise<{ userAgent: string; adapter: string; version: string }>;
  close(): Promise<void>;
}

export async function startChromiumHost(): Promise<ChromiumHost> {
  const server: BenchServer = await startBenchServer();
  const browser: Browser = await launchChromium();

  async function withPage<T>(timeoutMs: number, body: (page: import('playwright-core').Page) => Promise<T>) {
    const page = await browser.newPage();
    const logs: string[] = [];
    page.on('console', (message) => logs.push(message.text()));
    page.on('pageerror', (error) => logs.push(error.message));
    page.setDefaultTimeout(timeoutMs);
    try {
      await page.goto(`${server.origin}/index.html`);
      await page.waitForFunction(() => 'benchPage' in window);
      return await body(page);
    } catch (error) {
      throw new Error(
        `${error instanceof Error ? error.message.split('\n')[0] : String(error)} ${logs.slice(-3).join(' | ')}`,
      );
    } finally {
      await page.close();
    }
  }

  return {
    async run(runtime, modelPath, workload, timeoutMs) {
      const url = server.modelUrl(modelPath);
      const call = (page: import('playwright-core').Page) => {
        const timeout = new Promise<never>((_, reject) =>
          setTimeout(() => reject(new Error(`timed out after ${timeoutMs / 1000} s`)), timeoutMs),
        );
        const result = page.evaluate(
          ({ runtime, url, workload }) => {
            const bench = (window as unknown as BenchWindow).benchPage;
            return runtime === 'wgllm-chromium' ? bench.wgllm(url, workload) : bench.wllama(url, workload);
          },
          { runtime, url, workload },
        );
        return Promise.race([result, timeout]);
      };
      try {
        return { ok: true, figures: await withPage(timeoutMs, call) };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },
    async environment() {
      const env = await withPage(60_000, (page) =>
        page.evaluate(() => (window as unknown as BenchWindow).benchPage.environment()),
      );
      return { ...env, version: browser.version() };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
