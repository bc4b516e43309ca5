// The demo chat page in headless Chromium (SwiftShader WebGPU): the bundled model, streamed greedy replies equal
// to llama.cpp's, stop / regenerate / edit, responsiveness while generating, settings and the model cache across
// a reload, and errors in words (bad URL, no WebGPU). Screenshots go to e2e/screenshots/.
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  nextReply,
  startResponsivenessProbe,
  stopResponsivenessProbe,
  tokensArrived,
  watchNextReply,
} from './chat-probe.ts';
import reference from './fixtures/chat-reference.json' with { type: 'json' };
import { type DemoServer, serveDemo } from './serve-demo.ts';

const screenshot = (name: string): string => new URL(`./screenshots/${name}.png`, import.meta.url).pathname;
const prompt = reference.messages[0]!.content;
const modelPath = new URL('../demo/public/models/stories260K.gguf', import.meta.url).pathname;
/** Input may wait this long for the main thread while the Worker generates (2 shared cores in CI). */
const RESPONSIVE_MS = 400;
/** A greedy reply to the prompt that never ends by itself within this many tokens (checked with llama.cpp). */
const LONG_REPLY_TOKENS = 1500;

let demo: DemoServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

async function setSetting(name: string, value: string): Promise<void> {
  const field = page.locator(`#settings-form [name="${name}"]`);
  await field.fill(value);
  await field.dispatchEvent('change');
}

async function waitUntilReady(): Promise<void> {
  await page.locator('wgllm-chat .status', { hasText: 'stories260K ready' }).waitFor({ timeout: 120_000 });
}

async function send(text: string): Promise<void> {
  const input = page.locator('wgllm-chat textarea');
  await input.fill(text);
  await input.press('Enter');
}

beforeAll(async () => {
  demo = await serveDemo();
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => pageErrors.push(String(error)));
  // The chat's status line at each load progress event, from the first one on.
  await page.addInitScript(() => {
    const record = window as unknown as { e2eLoadStatus: string[] };
    record.e2eLoadStatus = [];
    document.addEventListener('progress', (event) => {
      const status = (event.target as Element).shadowRoot?.querySelector('.status')?.textContent;
      if (status) record.e2eLoadStatus.push(status);
    });
  });
});

function loadStatusLines(): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { e2eLoadStatus: string[] }).e2eLoadStatus);
}

afterAll(async () => {
  await browser?.close();
  await demo?.server.close();
});

describe('demo chat page', () => {
  it('opens ready with the bundled model and streams the greedy reply llama.cpp gives', async () => {
    await page.goto(demo.url);
    await waitUntilReady();
    expect(demo.modelRequests).toEqual(['/models/stories260K.gguf']);
    const loadStatus = await loadStatusLines();
    expect(loadStatus).toContainEqual(
      expect.stringMatching(/^Downloading: [\d.]+ [KM]B of 1\.2 MB · [\d.]+ [KM]B\/s$/),
    );
    expect(loadStatus).toContainEqual(
      expect.stringMatching(/^Uploading to the GPU: [\d.]+ [KM]B of [\d.]+ MB$/),
    );
    await expect(page.locator('#adapter').textContent()).resolves.toMatch(
      /swiftshader · (f16 in use|no f16 \(f32 path\)) · (subgroups in use|no subgroups)/i,
    );

    await setSetting('temperature', '0');
    await setSetting('max-tokens', String(reference.maxTokens));
    await watchNextReply(page);
    await send(prompt);
    const reply = await nextReply(page);
    expect(reply.error).toBe('');
    expect(reply.text).toBe(reference.replyText);
    expect(reply.finishReason).toBe('length');
    // Token by token: many events and DOM updates, spread over time.
    expect(reply.tokenTimes.length).toBeGreaterThan(1);
    expect(reply.textUpdates).toBeGreaterThan(1);
    expect(reply.tokenTimes.at(-1)!).toBeGreaterThan(reply.tokenTimes[0]!);

    const used = reference.promptIds.length + reference.replyIds.length;
    await expect(page.locator('#stats').textContent()).resolves.toMatch(
      new RegExp(`^Last reply: prefill [\\d.]+ tok/s · decode [\\d.]+ tok/s · context ${used} / 2048 tokens`),
    );
    await expect(page.locator('#chat .turn.assistant .meta').textContent()).resolves.toContain(
      `${reference.replyIds.length} tokens`,
    );
    await page.screenshot({ path: screenshot('demo-idle') });
  });

  it('regenerates the reply', async () => {
    await watchNextReply(page);
    await page.locator('#chat button', { hasText: 'Regenerate' }).click();
    const reply = await nextReply(page);
    expect(reply.text).toBe(reference.replyText);
    await expect(page.locator('#chat .turn').count()).resolves.toBe(2);
  });

  it('edits a message and resends it', async () => {
    const edited = 'Once upon a time there was a cat';
    await page.locator('#chat .turn.user .edit').click();
    await page.locator('#chat .turn.user textarea').fill(edited);
    await watchNextReply(page);
    await page.locator('#chat .turn.user button', { hasText: 'Resend' }).click();
    const reply = await nextReply(page);
    expect(reply.error).toBe('');
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.text).not.toBe(reference.replyText);
    await expect(page.locator('#chat .turn').count()).resolves.toBe(2);
    await expect(page.locator('#chat .turn.user').textContent()).resolves.toContain(edited);
  });

  it('stays responsive while generating, and stops mid-stream', async () => {
    await page.locator('#chat button', { hasText: 'New chat' }).click();
    await expect(page.locator('#chat .turn').count()).resolves.toBe(0);
    await setSetting('max-tokens', String(LONG_REPLY_TOKENS));
    await watchNextReply(page);
    await send(prompt);
    await tokensArrived(page, 8);

    // Type the next message while the reply streams: each keydown must reach the page quickly.
    const draft = 'And then?';
    await startResponsivenessProbe(page);
    await page.locator('#chat textarea').focus();
    await page.keyboard.type(draft, { delay: 50 });
    await page.screenshot({ path: screenshot('demo-streaming') });
    const responsiveness = await stopResponsivenessProbe(page);
    await page.locator('#chat button', { hasText: 'Stop' }).click();
    const reply = await nextReply(page);

    expect(reply.finishReason).toBe('abort');
    expect(reply.text.length).toBeGreaterThan(0);
    expect(reply.tokenTimes.length).toBeLessThan(LONG_REPLY_TOKENS);
    // The keys were pressed while tokens were still arriving.
    expect(reply.tokenTimes.at(-1)!).toBeGreaterThan(responsiveness.keyTimes.at(-1)!);
    expect(responsiveness.keyLatencies).toHaveLength(draft.length);
    const measured = JSON.stringify(responsiveness);
    expect(Math.max(...responsiveness.keyLatencies), measured).toBeLessThan(RESPONSIVE_MS);
    expect(responsiveness.longestFrameGap, measured).toBeLessThan(RESPONSIVE_MS);
    await expect(page.locator('#chat .turn.assistant .meta').textContent()).resolves.toContain('stopped');
    await expect(page.locator('#chat button', { hasText: 'Send' }).isEnabled()).resolves.toBe(true);
    await page.locator('#chat textarea').fill('');
  });

  it('estimates the GPU memory of a model typed in before Load, from the cache with no request', async () => {
    const requestsBefore = demo.modelRequests.length;
    await page.locator('#model-input').fill('/models/stories260K.gguf');
    const estimate = page.locator('#memory-estimate', { hasText: 'of GPU memory' });
    await estimate.waitFor({ timeout: 60_000 });
    await expect(estimate.textContent()).resolves.toMatch(
      /^stories260K at \d+ tokens: [\d.]+ MB of GPU memory \(weights 1\.2 MB, KV cache [\d.]+ MB: 5 full layers .*\), [\d.]+ MB with all \d cached conversations; fits this GPU's limits \(longest context: \d+ tokens\)\.$/,
    );
    expect(demo.modelRequests).toHaveLength(requestsBefore);
    await page.locator('#model-input').fill('');
  });

  it('keeps settings and loads the model from the cache after a reload, with no request for it', async () => {
    await setSetting('max-tokens', String(reference.maxTokens));
    await setSetting('system', '');
    await setSetting('seed', '42');
    const requestsBefore = demo.modelRequests.length;
    await page.reload();
    await waitUntilReady();
    expect(demo.modelRequests).toHaveLength(requestsBefore);
    await expect(loadStatusLines()).resolves.toContainEqual(
      expect.stringMatching(/^Reading from the cache: 1\.2 MB of 1\.2 MB$/),
    );
    await expect(page.locator('#settings-form [name="temperature"]').inputValue()).resolves.toBe('0');
    await expect(page.locator('#settings-form [name="seed"]').inputValue()).resolves.toBe('42');
    await expect(page.locator('#cache-list li').first().textContent()).resolves.toMatch(
      /^stories260K\.gguf \(1\.2 MB\)/,
    );

    await watchNextReply(page);
    await send(prompt);
    await expect(nextReply(page).then((reply) => reply.text)).resolves.toBe(reference.replyText);
    await setSetting('system', 'You tell short stories for children.');
    await page.screenshot({ path: screenshot('demo-settings') });
  });

  it('deletes the cached model, so the next visit downloads it again', async () => {
    await page.locator('#cache-list button', { hasText: 'delete' }).click();
    await page.locator('#cache-list li', { hasText: 'None yet.' }).waitFor();
    const requestsBefore = demo.modelRequests.length;
    await page.reload();
    await waitUntilReady();
    expect(demo.modelRequests).toHaveLength(requestsBefore + 1);
    await expect(page.locator('#settings-form [name="system"]').inputValue()).resolves.toBe(
      'You tell short stories for children.',
    );
  });

  it('explains a model URL that does not load, then loads a local file', async () => {
    await page.locator('#model-input').fill('/models/missing.gguf');
    await page.locator('#model-form button').click();
    const status = page.locator('#chat .status.error');
    await status.waitFor({ timeout: 60_000 });
    await expect(status.textContent()).resolves.toMatch(/could not be downloaded.*404.*Check the URL/);
    await expect(page.locator('#chat button', { hasText: 'Send' }).isDisabled()).resolves.toBe(true);

    await setSetting('system', '');
    const requestsBefore = demo.modelRequests.length;
    await page.locator('#file-input').setInputFiles(modelPath);
    await waitUntilReady();
    expect(demo.modelRequests).toHaveLength(requestsBefore);
    await watchNextReply(page);
    await send(prompt);
    await expect(nextReply(page).then((reply) => reply.text)).resolves.toBe(reference.replyText);
  });

  it('replies in JSON valid against the schema box while "JSON output" is on, and refuses a bad schema', async () => {
    await setSetting('max-tokens', '200');
    await page.locator('#json-output').check();
    const box = page.locator('#json-schema');
    await box.fill('{"type": "integer", "multipleOf": 3}');
    const problem = page.locator('#json-schema-error');
    await expect(problem.textContent()).resolves.toMatch(/schema: #\/multipleOf is not supported/);
    await watchNextReply(page);
    await send('Is the dog happy?');
    await expect(nextReply(page).then((reply) => reply.error)).resolves.toMatch(/multipleOf/);

    const schema = {
      type: 'object',
      properties: { happy: { type: 'boolean' }, name: { type: 'string', maxLength: 12 } },
      required: ['happy', 'name'],
      additionalProperties: false,
    };
    await box.fill(JSON.stringify(schema));
    await expect(problem.isHidden()).resolves.toBe(true);
    await watchNextReply(page);
    await send('Is the dog happy?');
    const reply = await nextReply(page);
    expect(reply.finishReason).toBe('stop');
    const value = JSON.parse(reply.text);
    expect(Object.keys(value)).toEqual(['happy', 'name']);
    expect(typeof value.happy).toBe('boolean');
    expect(value.name.length).toBeLessThanOrEqual(12);
    await page.screenshot({ path: screenshot('demo-json-output') });
    await page.locator('#json-output').uncheck();
    await setSetting('max-tokens', String(reference.maxTokens));
  });

  it('has no uncaught page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});

it('explains what to do in a browser without WebGPU', async () => {
  const plain = await launchChromium({ webgpu: false });
  try {
    const noGpuPage = await plain.newPage();
    const requestsBefore = demo.modelRequests.length;
    await noGpuPage.goto(demo.url);
    const message = noGpuPage.locator('#no-webgpu');
    await message.waitFor({ timeout: 60_000 });
    await expect(message.textContent()).resolves.toMatch(/does not offer WebGPU.*Chrome or Edge 113\+/);
    await expect(noGpuPage.locator('.layout').isHidden()).resolves.toBe(true);
    expect(demo.modelRequests).toHaveLength(requestsBefore);
  } finally {
    await plain.close();
  }
});
