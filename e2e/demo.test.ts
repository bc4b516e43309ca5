import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { type DemoServer, serveDemo } from './serve-demo.ts';

let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  demo = await serveDemo();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.server.close();
});

it('probe', async () => {
  const page = await browser.newPage();
  page.on('console', (m) => console.log('console:', m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e));
  await page.goto(demo.url);
  await page.waitForTimeout(6000);
  await page.locator('#settings-form [name=temperature]').fill('0');
  await page.locator('#settings-form [name=max-tokens]').fill('40');
  await page.locator('#settings-form [name=max-tokens]').dispatchEvent('change');
  const t0 = Date.now();
  await page.locator('wgllm-chat textarea').fill('Once upon a time');
  await page.locator('wgllm-chat textarea').press('Enter');
  await page.waitForTimeout(5000);
  console.log('elapsed', Date.now() - t0, await page.locator('#stats').textContent());
  console.log(await page.locator('#chat').evaluate((e) => e.shadowRoot?.textContent));
  console.log(demo.modelRequests);
  await page.screenshot({ path: '/tmp/probe.png', fullPage: true });
});
