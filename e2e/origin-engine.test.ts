// The demo's engine shared by the tabs of its origin (a SharedWorker), in headless Chromium on SwiftShader: two
// tabs load the model once (one download at the server, one set of GPU buffers counted in the worker), both
// chat, and closing one mid-reply cancels its request and lets the other's reply stream to the end. A tab
// without SharedWorker falls back to a Worker of its own, says why, and chats the same.
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextReply, tokensArrived, watchNextReply } from './chat-probe.ts';
import reference from './fixtures/chat-reference.json' with { type: 'json' };
import { type DemoServer, serveDemo } from './serve-demo.ts';

const prompt = reference.messages[0]!.content;
/** A greedy reply to the prompt that never ends by itself within this many tokens (checked with llama.cpp). */
const LONG_REPLY_TOKENS = 1500;

interface EngineStats {
  tabs: number;
  queued: number;
  models: { id: string; tabs: number; loading: boolean }[];
  gpu: { buffers: number; bytes: number } | undefined;
  closedTabs: number;
  cancelledRequests: number;
}

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

/** A tab of the demo (`page`, else a new one), its chat ready with greedy sampling and `maxTokens`. */
async function openDemo(
  context: BrowserContext,
  page?: Page,
  maxTokens = reference.maxTokens,
): Promise<Page> {
  page ??= await context.newPage();
  await page.goto(demo.url);
  await page.locator('wgllm-chat .status', { hasText: 'stories260K ready' }).waitFor({ timeout: 120_000 });
  await setMaxTokens(page, maxTokens);
  const temperature = page.locator('#settings-form [name="temperature"]');
  await temperature.fill('0');
  await temperature.dispatchEvent('change');
  return page;
}

async function setMaxTokens(page: Page, maxTokens: number): Promise<void> {
  const field = page.locator('#settings-form [name="max-tokens"]');
  await field.fill(String(maxTokens));
  await field.dispatchEvent('change');
}

async function send(page: Page, text: string): Promise<void> {
  const input = page.locator('wgllm-chat textarea');
  await input.fill(text);
  await input.press('Enter');
}

/** The shared engine's figures, as the tab's engine reports them. */
function engineStats(page: Page): Promise<EngineStats> {
  return page.evaluate(() => {
    const chat = document.getElementById('chat') as unknown as { engine: { stats(): Promise<EngineStats> } };
    return chat.engine.stats();
  });
}

async function statsWhen(page: Page, done: (stats: EngineStats) => boolean): Promise<EngineStats> {
  for (;;) {
    const stats = await engineStats(page);
    if (done(stats)) return stats;
    await page.waitForTimeout(50);
  }
}

describe('one engine for the tabs of an origin', () => {
  let context: BrowserContext;
  let first: Page;
  let second: Page;
  let requestsAtStart = 0;

  afterAll(() => context?.close());

  it('loads the model once for two tabs: one download, one set of GPU buffers', async () => {
    context = await browser.newContext();
    requestsAtStart = demo.modelRequests.length;
    first = await openDemo(context);
    const alone = await engineStats(first);
    expect(alone).toMatchObject({ tabs: 1, models: [{ id: 'stories260K', tabs: 1, loading: false }] });
    expect(alone.gpu!.buffers).toBeGreaterThan(0);
    expect(alone.gpu!.bytes).toBeGreaterThan(0);

    second = await openDemo(context);
    expect(demo.modelRequests.slice(requestsAtStart)).toEqual(['/models/stories260K.gguf']);
    const together = await engineStats(second);
    expect(together).toMatchObject({ tabs: 2, models: [{ id: 'stories260K', tabs: 2, loading: false }] });
    expect(together.gpu).toEqual(alone.gpu);
    await expect(second.locator('#engine-scope').textContent()).resolves.toBe(
      "Engine: shared by this site's tabs (2 tabs now)",
    );
  });

  it('chats in both tabs, with the reply llama.cpp gives', async () => {
    for (const page of [first, second]) {
      await watchNextReply(page);
      await send(page, prompt);
      const reply = await nextReply(page);
      expect(reply.error).toBe('');
      expect(reply.text).toBe(reference.replyText);
    }
  });

  it("cancels a closed tab's reply mid-stream and streams the other tab's to the end", async () => {
    const buffersBefore = (await engineStats(second)).gpu!;
    await setMaxTokens(first, LONG_REPLY_TOKENS);
    await watchNextReply(first);
    await send(first, prompt);
    await tokensArrived(first, 8);
    // The second tab's request waits for its turn behind the first tab's long reply.
    await second.locator('#chat button', { hasText: 'New chat' }).click();
    await watchNextReply(second);
    await send(second, prompt);
    await statsWhen(second, (stats) => stats.queued === 1);
    await first.close();

    const reply = await nextReply(second);
    expect(reply.error).toBe('');
    expect(reply.text).toBe(reference.replyText);
    expect(reply.finishReason).toBe('length');
    expect(reply.tokenTimes.length).toBeGreaterThan(1);
    const after = await engineStats(second);
    expect(after).toMatchObject({
      tabs: 1,
      queued: 0,
      closedTabs: 1,
      cancelledRequests: 1,
      models: [{ id: 'stories260K', tabs: 1, loading: false }],
    });
    // The model stayed on the GPU for the tab still using it.
    expect(after.gpu!.bytes).toBeGreaterThanOrEqual(buffersBefore.bytes);
  });

  it('falls back to a Worker of its own in a tab without SharedWorker, says why, and chats', async () => {
    const page = await context.newPage();
    await page.addInitScript(() => {
      delete (window as { SharedWorker?: unknown }).SharedWorker;
    });
    await openDemo(context, page);
    await expect(page.locator('#engine-scope').textContent()).resolves.toBe(
      "Engine: this tab's own (this browser has no SharedWorker)",
    );
    await expect(engineStats(page)).resolves.toBeUndefined();
    // The model came from the origin's cache; the shared engine did not see this tab.
    expect(demo.modelRequests).toHaveLength(requestsAtStart + 1);
    await expect(engineStats(second)).resolves.toMatchObject({ tabs: 1 });
    await watchNextReply(page);
    await send(page, prompt);
    await expect(nextReply(page).then((reply) => reply.text)).resolves.toBe(reference.replyText);
  });
});
