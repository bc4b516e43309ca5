// The demo page in headless Chromium: it loads the bundled model and shows its metadata and the adapter.
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser } from 'playwright-core';
import type { ViteDevServer } from 'vite';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serveDemo } from './serve-demo.ts';

let server: ViteDevServer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, url } = await serveDemo());
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('shows the bundled model metadata and the WebGPU adapter', async () => {
  const page = await browser.newPage();
  await page.goto(url);
  await page.getByText('Loaded ').waitFor({ timeout: 60_000 });
  await expect(page.locator('#model h2').textContent()).resolves.toContain('48 tensors');
  const blockCount = page.locator('#model tr', { hasText: 'llama.block_count' });
  await expect(blockCount.locator('td').nth(1).textContent()).resolves.toBe('5');
  await expect(page.locator('#adapter').textContent()).resolves.toMatch(/swiftshader/i);
  await page.screenshot({
    path: new URL('./screenshots/demo-metadata.png', import.meta.url).pathname,
    fullPage: true,
  });
});
