import { readFileSync } from 'node:fs';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelCache } from '../cache/model-cache.ts';
import { memoryStore } from '../cache/model-store.ts';
import { quotaLimitedStore } from '../testing/quota-limited-store.ts';
import { type RangeServer, startRangeServer } from '../testing/range-server.ts';
import type { LoadProgress } from './load-progress.ts';
import { openModelSource } from './open-model-source.ts';

const modelPath = sharedFixturePath('models/stories260K.gguf');
const modelBytes = new Uint8Array(readFileSync(modelPath));
/** Small chunks so the 1.2 MB model spans several stored values. */
const chunkBytes = 256 * 1024;

let server: RangeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Whether the source holds exactly the model file (compared as Buffers: vitest's toEqual is slow on MBs). */
async function holdsModel(source: { size: number; read(o: number, l: number): Promise<Uint8Array> }) {
  return Buffer.from(await source.read(0, source.size)).equals(modelBytes);
}

describe('openModelSource over HTTP', () => {
  it('downloads with progress in order up to 100%, into the cache in chunks', async () => {
    server = await startRangeServer(modelPath);
    const store = memoryStore();
    const events: LoadProgress[] = [];
    const opened = await openModelSource(server.url, {
      cache: new ModelCache(store),
      chunkBytes,
      onProgress: (p) => events.push(p),
    });
    expect(opened).toMatchObject({ origin: 'network', cached: true, name: 'model' });
    expect(await holdsModel(opened.source)).toBe(true);
    const loaded = events.map((e) => e.loadedBytes);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(events.at(-1)).toMatchObject({ loadedBytes: modelBytes.length, totalBytes: modelBytes.length });
    const chunks = (await store.keys()).filter((k) => k.startsWith('wgllm-chunk:'));
    expect(chunks).toHaveLength(Math.ceil(modelBytes.length / chunkBytes));
  });

  it('resumes after a connection cut from the last byte received, not from zero', async () => {
    const half = Math.floor(modelBytes.length / 2);
    server = await startRangeServer(modelPath, { cutFirstResponseAfterBytes: half });
    const opened = await openModelSource(server.url, { chunkBytes, retryDelayMs: 0 });
    expect(await holdsModel(opened.source)).toBe(true);
    const gets = server.requests.filter((r) => r.method === 'GET');
    expect(gets).toHaveLength(2);
    expect(gets[0]!.range).toBe('bytes=0-');
    expect(gets[1]!.range).toBe(`bytes=${half}-`);
  });

  it('loads a cached model without any request, and lists, sizes and deletes it', async () => {
    server = await startRangeServer(modelPath);
    const cache = new ModelCache(memoryStore());
    await openModelSource(server.url, { cache, chunkBytes });
    const before = server.requests.length;
    const again = await openModelSource(server.url, { cache, chunkBytes });
    expect(server.requests.length).toBe(before);
    expect(again.origin).toBe('cache');
    expect(await holdsModel(again.source)).toBe(true);
    expect(await cache.list()).toMatchObject([{ key: server.url, size: modelBytes.length }]);
    expect(await cache.size()).toBe(modelBytes.length);
    expect(await cache.delete(server.url)).toBe(true);
    expect(await cache.list()).toEqual([]);
    expect(await cache.store.keys()).toEqual([]);
  });

  it('runs uncached from memory, with a warning, when storage is full', async () => {
    server = await startRangeServer(modelPath);
    const store = memoryStore();
    const cache = new ModelCache(quotaLimitedStore(store, 2));
    const warnings: string[] = [];
    const opened = await openModelSource(server.url, {
      cache,
      chunkBytes,
      onWarning: (w) => warnings.push(w),
    });
    expect(opened).toMatchObject({ origin: 'network', cached: false });
    expect(await holdsModel(opened.source)).toBe(true);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/QuotaExceededError/);
    expect(await store.keys()).toEqual([]);
  });

  it('stops a download with AbortedError when its signal fires, leaving nothing cached', async () => {
    server = await startRangeServer(modelPath);
    const store = memoryStore();
    const controller = new AbortController();
    const opening = openModelSource(server.url, {
      cache: new ModelCache(store),
      chunkBytes,
      signal: controller.signal,
      // Past the first chunk, so one is stored before the abort.
      onProgress: (p) => {
        if (p.loadedBytes > chunkBytes) controller.abort();
      },
    });
    await expect(opening).rejects.toMatchObject({ code: 'Aborted' });
    expect(await store.keys()).toEqual([]);
  });

  it('gives up with a NetworkError on a missing file', async () => {
    server = await startRangeServer(modelPath);
    await expect(openModelSource(`${server.url}.missing`, { retryDelayMs: 0 })).rejects.toMatchObject({
      code: 'Network',
      details: { status: 404 },
    });
  });
});
