// Runs the page-side runtimes in one headless Chromium (SwiftShader WebGPU): a fresh page per measurement.
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser, Page } from 'playwright-core';
import type { RunFigures, RunOutcome } from '../../measure/run-result.ts';
import type { Workload } from '../../workload.ts';
import type { RuntimeId } from '../runtimes.ts';
import { type BenchServer, startBenchServer } from './bench-server.ts';
import type { BenchWindow } from './page/page-api.ts';

export interface ChromiumHost {
  run(runtime: RuntimeId, modelPath: string, workload: Workload, timeoutMs: number): Promise<RunOutcome>;
  environment(): Promise<{ userAgent: string; adapter: string; version: string }>;
  close(): Promise<void>;
}

function message(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
}

export async function startChromiumHost(): Promise<ChromiumHost> {
  const server: BenchServer = await startBenchServer();
  const browser: Browser = await launchChromium();

  async function openPage(logs: string[], timeoutMs: number): Promise<Page> {
    const page = await browser.newPage();
    page.on('console', (m) => logs.push(m.text()));
    page.on('pageerror', (error) => logs.push(error.message));
    page.setDefaultTimeout(timeoutMs);
    await page.goto(`${server.origin}/index.html`);
    await page.waitForFunction(() => 'benchPage' in window);
    return page;
  }

  return {
    async run(runtime, modelPath, workload, timeoutMs) {
      const url = server.modelUrl(modelPath);
      const logs: string[] = [];
      let progress: RunFigures | undefined;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const page = await openPage(logs, timeoutMs);
      try {
        await page.exposeFunction('benchProgress', (figures: RunFigures) => {
          progress = figures;
        });
        const result = page.evaluate(
          ({ runtime, url, workload }) => {
            const bench = (window as unknown as BenchWindow).benchPage;
            return runtime === 'wgllm-chromium' ? bench.wgllm(url, workload) : bench.wllama(url, workload);
          },
          { runtime, url, workload },
        );
        const timeout = new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
        });
        const figures = await Promise.race([result, timeout]);
        if (figures !== 'timeout') return { ok: true, figures };
        const why = `timed out after ${timeoutMs / 1000} s`;
        return progress ? { ok: true, figures: progress, incomplete: why } : { ok: false, error: why };
      } catch (error) {
        return { ok: false, error: `${message(error)} ${logs.slice(-3).join(' | ')}` };
      } finally {
        clearTimeout(timer);
        await page.close();
      }
    },
    async environment() {
      const page = await openPage([], 60_000);
      try {
        const env = await page.evaluate(() => (window as unknown as BenchWindow).benchPage.environment());
        return { ...env, version: browser.version() };
      } finally {
        await page.close();
      }
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
