// The one-script-tag embed in headless Chromium: a plain page holding only <script src="/wgllm.js"> and a
// <wgllm-chat>, served with a strict Content-Security-Policy header, chats end to end with llama.cpp's reply.
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureEmbedBundle } from './build-embed.ts';
import { type CspServer, startCspServer } from './csp-server.ts';
import reference from './fixtures/chat-reference.json' with { type: 'json' };

const modelPath = new URL('../demo/public/models/stories260K.gguf', import.meta.url).pathname;
const screenshot = new URL('./screenshots/embed.png', import.meta.url).pathname;

const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>wgllm embed</title>
    <script src="/wgllm.js"></script>
  </head>
  <body>
    <wgllm-chat model="/models/stories260K.gguf" temperature="0" max-tokens="${reference.maxTokens}"></wgllm-chat>
  </body>
</html>
`;

let server: CspServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundlePath = await ensureEmbedBundle();
  server = await startCspServer({ html, bundlePath, modelPath });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 720, height: 520 } });
  // Init scripts come from the debugger, not the page, so the CSP does not apply to them.
  await page.addInitScript(() => {
    const record = window as unknown as { cspViolations: string[] };
    record.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      record.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it('chats from one script tag under a strict CSP, with no request but the page, the bundle and the model', async () => {
  await page.goto(server.url);
  const chat = page.locator('wgllm-chat');
  await chat.locator('.status', { hasText: 'ready' }).waitFor({ timeout: 120_000 });
  await expect(page.evaluate(() => typeof (window as { wgllm?: unknown }).wgllm)).resolves.toBe('object');

  const reply = page.evaluate(
    () =>
      new Promise<{ text: string; tokenEvents: number }>((resolve, reject) => {
        const element = document.querySelector('wgllm-chat')!;
        let tokenEvents = 0;
        element.addEventListener('token', () => tokenEvents++);
        element.addEventListener('done', (event) =>
          resolve({ text: (event as CustomEvent<{ text: string }>).detail.text, tokenEvents }),
        );
        element.addEventListener('error', (event) =>
          reject(new Error((event as CustomEvent<{ message: string }>).detail.message)),
        );
      }),
  );
  const content = reference.messages[0]!.content;
  await chat.locator('textarea').fill(content);
  await chat.locator('textarea').press('Enter');
  const { text, tokenEvents } = await reply;
  expect(text).toBe(reference.replyText);
  expect(tokenEvents).toBeGreaterThan(1);
  await expect(chat.locator('.turn.assistant').textContent()).resolves.toContain('Asked Jack');

  await expect(
    page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
  ).resolves.toEqual([]);
  const requested = server.requests.filter((path) => path !== '/favicon.ico');
  expect(requested).toEqual(['/', '/wgllm.js', '/models/stories260K.gguf']);
  await page.screenshot({ path: screenshot });
});
