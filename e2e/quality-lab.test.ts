// The demo's Quality lab page in headless Chromium: two variants of the bundled stories260K, built and scored in
// the page's Worker on a short text, come back as a table (base + 2 rows) and a KL bar chart.
import { readFileSync } from 'node:fs';
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, serveDemo } from './serve-demo.ts';

const screenshot = new URL('./screenshots/quality-lab.png', import.meta.url).pathname;
// About 100 tokens of the bundled sample: three windows of 32 (llama-perplexity wants at least two).
const text = readFileSync(
  new URL('../packages/quality/fixtures/tinystories-sample.txt', import.meta.url),
  'utf8',
).slice(0, 300);

let demo: DemoServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  demo = await serveDemo();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
});

afterAll(async () => {
  await browser?.close();
  await demo?.server.close();
});

/** The table's rows as {name, cells}, cells parsed as numbers where they are numbers ("3.91 ± 0.24" → 3.91). */
async function tableRows(): Promise<{ name: string; values: number[] }[]> {
  const rows = await page
    .locator('#lab-table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  return rows.map(([name, ...cells]) => ({
    name: name!,
    values: cells.map((cell) => Number.parseFloat(cell)),
  }));
}

describe('quality lab page', () => {
  it('scores Q8_0 and 2 KV heads against the base and plots their KL', async () => {
    await page.goto(`${demo.url}quality-lab.html`);
    for (const box of await page.locator('input[name="variant"]').all()) await box.uncheck();
    await page.locator('input[value="quant:Q8_0"]').check();
    await page.locator('input[value="kv-heads:2"]').check();
    await page.locator('input[name="ctx"]').fill('32');
    await page.locator('textarea[name="text"]').fill(text);
    await page.locator('#lab-form button[type="submit"]').click();
    // The table, or the status line in error (fails at once, with the Worker's message).
    await page.locator('#lab-table tbody tr, #lab-status.error').first().waitFor({ timeout: 90_000 });
    expect(await page.locator('#lab-status').textContent()).toMatch(/^Done\. Backend: GPU engine on /);

    const rows = await tableRows();
    expect(rows.map((row) => row.name)).toEqual(['base', 'Q8_0', 'KV heads 2 (pool)']);
    for (const row of rows) for (const value of row.values) expect(Number.isFinite(value)).toBe(true);
    const kld = (name: string) => rows.find((row) => row.name === name)!.values[2]!; // PPL, ΔPPL, KLD, …
    expect(kld('base')).toBe(0);
    expect(kld('Q8_0')).toBeLessThan(kld('KV heads 2 (pool)'));
    await expect.poll(() => page.locator('#lab-chart rect.bar').count()).toBe(2);
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(pageErrors).toEqual([]);
  });

  it('gives the same table on the CPU reference backend', async () => {
    const gpuRows = await tableRows();
    await page.locator('input[name="backend"][value="cpu"]').check();
    await page.locator('#lab-form button[type="submit"]').click();
    await page.locator('#lab-table tbody tr, #lab-status.error').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('#lab-status').textContent()).toMatch(/^Done\. Backend: CPU reference/);
    const cpuRows = await tableRows();
    expect(cpuRows.map((row) => row.name)).toEqual(gpuRows.map((row) => row.name));
    // Perplexity within 0.2%: SwiftShader has no shader-f16, so the GPU caches f32 where the CPU rounds to f16.
    for (const [i, row] of cpuRows.entries())
      expect(Math.abs(row.values[0]! / gpuRows[i]!.values[0]! - 1)).toBeLessThan(2e-3);
    expect(pageErrors).toEqual([]);
  });
});
