// The Worker engine in headless Chromium: loading over HTTP (progress, resumption, IndexedDB cache, quota),
// the OpenAI surface (streaming, abort, queueing, stop strings, seeds, usage) and typed errors across the Worker.
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RangeServer, startRangeServer } from '@wgllm/api/testing/node';
import { launchChromium } from '@wgllm/gpu-test/chromium';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageCaller } from './page-call.ts';
import type { ApiTestWindow, ChatParams, CompletionParams } from './pages/api/api-window.ts';

const here = dirname(fileURLToPath(import.meta.url));
const modelPath = join(here, '../../shared/models/stories260K.gguf');
const modelSize = statSync(modelPath).size;
const half = Math.floor(modelSize / 2);

let vite: ViteDevServer;
let browser: Browser;
let page: Page;
let files: RangeServer;
let cutFiles: RangeServer;
const logs: string[] = [];

/** Calls a helper of page.ts in the page. */
const call = pageCaller<ApiTestWindow>(() => page, 'apiTest', logs);

beforeAll(async () => {
  // In pieces: the progress test needs the download to arrive in more than one read.
  files = await startRangeServer(modelPath, { path: '/stories260K.gguf', pieceBytes: 64 * 1024 });
  cutFiles = await startRangeServer(modelPath, {
    path: '/cut/stories260K.gguf',
    cutFirstResponseAfterBytes: half,
  });
  vite = await createServer({
    root: join(here, 'pages/api'),
    configFile: false,
    logLevel: 'error',
    optimizeDeps: { noDiscovery: true },
    worker: { format: 'es' },
    // No file watching: an edit elsewhere in the tree must not reload the page mid-test.
    server: { host: '127.0.0.1', port: 0, fs: { allow: [join(here, '..')] }, hmr: false, watch: null },
  });
  await vite.listen();
  const address = vite.httpServer?.address();
  if (!address || typeof address === 'string') throw new Error('vite did not listen on a TCP port');
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('console', (message) => logs.push(message.text()));
  page.on('pageerror', (error) => logs.push(error.message));
  await page.goto(`http://127.0.0.1:${address.port}/index.html`);
  await page.waitForFunction(() => 'apiTest' in window, null, { timeout: 120_000 });
});

afterAll(async () => {
  await browser?.close();
  await vite?.close();
  await files?.close();
  await cutFiles?.close();
});

describe('loading in the Worker engine', () => {
  it('downloads with progress in order to 100%, then parses and uploads', async () => {
    await call('newEngine', 'worker');
    await call('deleteCached', files.url);
    const { info, events } = await call('load', files.url);
    expect(info).toMatchObject({ id: 'stories260K', origin: 'network', cached: true, sizeBytes: modelSize });
    const phases = events.map((e) => e.phase);
    expect(phases).toEqual(
      [...phases].sort(
        (a, b) => ['download', 'parse', 'upload'].indexOf(a) - ['download', 'parse', 'upload'].indexOf(b),
      ),
    );
    const download = events.filter((e) => e.phase === 'download');
    expect(download.length).toBeGreaterThan(1);
    const loaded = download.map((e) => e.loadedBytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(download.at(-1)).toMatchObject({
      loadedBytes: modelSize,
      totalBytes: modelSize,
      fromCache: false,
    });
    const upload = events.filter((e) => e.phase === 'upload').at(-1)!;
    expect(upload.loadedBytes).toBe(upload.totalBytes);
    expect(await call('cachedKeys')).toContain(files.url);
  });

  it('resumes a download cut halfway from the last byte received', async () => {
    const { info } = await call('load', cutFiles.url);
    expect(info.origin).toBe('network');
    const gets = cutFiles.requests.filter((r) => r.method === 'GET');
    expect(gets.map((r) => r.range)).toEqual(['bytes=0-', expect.stringMatching(/^bytes=\d+-$/)]);
    const resumedAt = Number(/=(\d+)-/.exec(gets[1]!.range!)![1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(half);
  });

  it('loads from IndexedDB in a new Worker without a single request', async () => {
    await call('newEngine', 'worker');
    const before = files.requests.length;
    const { info, events } = await call('load', files.url);
    expect(files.requests.length).toBe(before);
    expect(info).toMatchObject({ origin: 'cache', cached: true });
    expect(events.every((e) => e.fromCache)).toBe(true);
    const answer = await call('complete', {
      model: 'stories260K',
      prompt: 'Once upon a time',
      max_tokens: 4,
    });
    expect(answer.usage.completion_tokens).toBe(4);
  });

  it('loads and generates uncached, with a warning, when the cache hits its quota', async () => {
    await call('newEngine', 'quota-worker');
    const { info, warnings } = await call('load', files.url);
    expect(info).toMatchObject({ origin: 'network', cached: false });
    expect(warnings).toEqual([expect.stringMatching(/QuotaExceededError/)]);
    const answer = await call('chat', {
      model: 'stories260K',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 5,
    });
    expect(answer.usage.completion_tokens).toBe(5);
  });
});

describe('generation in the Worker engine', () => {
  const model = 'stories260K';
  const chat: ChatParams = {
    model,
    messages: [{ role: 'user', content: 'Once upon a time' }],
    temperature: 0,
    max_tokens: 16,
  };

  beforeAll(async () => {
    await call('newEngine', 'worker');
    await call('load', files.url);
  });

  it('streams the same text as the non-streamed answer, with usage', async () => {
    const whole = await call('chat', chat);
    const streamed = await call('streamChat', chat);
    expect(streamed.text).toBe(whole.text);
    expect(streamed.pieces).toBeGreaterThan(3);
    expect(streamed.finishReason).toBe('length');
    expect(whole.usage).toMatchObject({
      completion_tokens: 16,
      total_tokens: whole.usage.prompt_tokens + 16,
    });
    expect(streamed.usage).toMatchObject({ completion_tokens: 16, prompt_tokens: whole.usage.prompt_tokens });
    // The same prompt again: all of it but its last token comes from the cache.
    expect(streamed.usage!.prompt_tokens_details!.cached_tokens).toBe(whole.usage.prompt_tokens - 1);
  });

  it('ends a stream on abort, then serves the next request', async () => {
    const aborted = await call('streamChat', { ...chat, max_tokens: 100 }, 3);
    expect(aborted.finishReason).toBe('abort');
    expect(aborted.usage!.completion_tokens).toBeLessThan(100);
    const next = await call('chat', chat);
    expect(next.usage.completion_tokens).toBe(16);
  });

  it('queues concurrent requests; the same seed gives the same text', async () => {
    const request = (seed: number): CompletionParams => ({
      model,
      prompt: 'The cat',
      temperature: 1,
      seed,
      max_tokens: 12,
    });
    const [a, b, a2] = await call('concurrent', [request(1), request(2), request(1)]);
    expect(a2).toBe(a);
    expect(b).not.toBe(a);
  });

  it('stops at a stop string and leaves it out', async () => {
    const full = await call('complete', {
      model,
      prompt: 'Once upon a time',
      temperature: 0,
      max_tokens: 16,
    });
    const stop = full.text.slice(8, 11);
    const stopped = await call('complete', {
      model,
      prompt: 'Once upon a time',
      temperature: 0,
      max_tokens: 16,
      stop,
    });
    expect(stopped).toMatchObject({
      finishReason: 'stop',
      text: full.text.slice(0, full.text.indexOf(stop)),
    });
  });

  it('rebuilds typed errors on the page side of the Worker', async () => {
    expect(await call('completionError', { model, prompt: 'x', temperature: 9 })).toEqual({
      name: 'BadRequestError',
      code: 'BadRequest',
      isWgllmError: true,
      isOwnClass: true,
    });
    expect(await call('completionError', { model, prompt: 'a b c d '.repeat(60) })).toMatchObject({
      name: 'ContextOverflowError',
      isOwnClass: true,
    });
  });
});

describe('WebGPU', () => {
  it('the default Worker engine generates on WebGPU what the CPU reference generates', async () => {
    const request: CompletionParams = {
      model: 'stories260K',
      prompt: 'Once upon a time',
      temperature: 0,
      max_tokens: 4,
    };
    await call('newEngine', 'worker');
    await call('load', files.url);
    const cpu = await call('complete', request);
    await call('newEngine', 'worker-gpu');
    const { info } = await call('load', files.url);
    expect(info.backend).toBe('webgpu');
    expect(await call('complete', request)).toMatchObject({
      text: cpu.text,
      usage: { completion_tokens: 4 },
    });
  });

  it('fails the request in flight with DeviceLostError, then reloads and serves the next', async () => {
    const outcome = await call('deviceLoss', files.url);
    expect(outcome.failure).toEqual({ name: 'DeviceLostError', isDeviceLost: true });
    expect(outcome.piecesBeforeLoss).toBe(2);
    expect(outcome.devicesCreated).toBe(2);
    expect(outcome.nextCompletionTokens).toBe(3);
  });
});
