// engine.estimateMemory and load's refusal on a Dawn adapter: the header read alone by Range requests (grown
// past the first read for a large vocabulary), and the typed error naming the numbers and the longest context
// that fits, raised as soon as the download has brought the header, before the weights. By hand:
//   WGLLM_ADAPTER=lavapipe VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... npx vitest run --project gpu-node memory-report
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PREFIX_BYTES, GgmlType, parseGguf } from '@wgllm/gguf';
import { syntheticModel } from '@wgllm/runtime/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { ModelTooLargeError } from '../errors/errors.ts';
import { type RangeServer, startRangeServer } from '../testing/range-server.ts';
import type { LocalEngine } from './engine.ts';
import { inThreadEngine } from './in-thread-engine.ts';

Object.assign(globalThis, globals);
const adapter = process.env.WGLLM_ADAPTER;
if (!adapter) throw new Error('set WGLLM_ADAPTER and the adapter environment (see scripts/adapters.mjs)');

// 30k tokens: a header of about 0.6 MB, past the first Range read; 8 MB of token embedding. Trained context 512.
const file = syntheticModel({
  architecture: 'llama',
  type: GgmlType.Q8_0,
  nEmbd: 256,
  nFf: 256,
  nLayer: 2,
  nHead: 4,
  nHeadKv: 2,
  headDim: 16,
  vocab: 30_000,
  tiedOutput: true,
  seed: 7,
});
const { dataOffset } = parseGguf(file);

let server: RangeServer;
let engine: LocalEngine;
beforeAll(async () => {
  const path = join(mkdtempSync(join(tmpdir(), 'wgllm-fit-')), 'model.gguf');
  writeFileSync(path, file);
  server = await startRangeServer(path);
  engine = inThreadEngine({ cache: null, gpu: create([]) });
});
afterAll(async () => {
  await engine?.dispose();
  await server?.close();
});

/** Bytes the GETs since request `from` asked for (each a closed Range). */
function rangeBytes(from: number): number {
  return server.requests.slice(from).reduce((sum, r) => {
    const match = /^bytes=(\d+)-(\d+)$/.exec(r.range ?? '');
    if (!match) throw new Error(`a GET without a closed Range: ${r.range}`);
    return sum + Number(match[2]) - Number(match[1]) + 1;
  }, 0);
}

describe(`engine.estimateMemory (Dawn ${adapter})`, () => {
  it('reads only the header, growing the Range reads past the first, and reports the breakdown', async () => {
    expect(dataOffset).toBeGreaterThan(DEFAULT_PREFIX_BYTES);
    const from = server.requests.length;
    const report = await engine.estimateMemory(server.url, { contextLength: 256 });
    expect(server.requests.length - from).toBeGreaterThan(1);
    expect(rangeBytes(from)).toBeLessThan(2 * dataOffset);
    expect(report).toMatchObject({
      name: 'model',
      sizeBytes: file.length,
      fits: true,
      largestFittingContext: 512,
    });
    const e = report.estimate;
    expect(e.contextLength).toBe(256);
    expect(e.totalBytes).toBe(e.weightsBytes + e.kvCacheBytes + e.activationBytes + e.otherBytes);
    // A Blob's header gives the same estimate.
    expect(
      (await engine.estimateMemory(new Blob([file as Uint8Array<ArrayBuffer>]), { contextLength: 256 }))
        .estimate,
    ).toEqual(e);
  });

  it('refuses a load over the budget with the numbers and the longest context, before the weights', async () => {
    const at100 = await engine.estimateMemory(server.url, { contextLength: 100 });
    const from = server.requests.length;
    const sentBefore = server.bytesSent();
    const load = engine.load(server.url, { contextLength: 512, memoryBudgetBytes: at100.estimate.peakBytes });
    await expect(load).rejects.toBeInstanceOf(ModelTooLargeError);
    const error = (await load.catch((e: unknown) => e)) as ModelTooLargeError;
    expect(error.details).toMatchObject({
      availableBytes: at100.estimate.peakBytes,
      contextLength: 512,
      largestFittingContext: 100,
    });
    expect(error.details.requiredBytes).toBeGreaterThan(at100.estimate.peakBytes);
    expect(error.message).toContain('the longest context that fits is 100 tokens');
    // One download, stopped after its header: most of the weights never left the server.
    expect(server.requests.slice(from).map((r) => r.range)).toEqual(['bytes=0-']);
    expect(server.bytesSent() - sentBefore).toBeLessThan(file.length / 2);
    expect(await engine.models()).toEqual([]);
  });

  it('keeps as many KV sequences as the budget holds beside the model', async () => {
    const { estimate: e } = await engine.estimateMemory(server.url, { contextLength: 256 });
    expect(e.sequences).toBe(4);
    const budget = Math.max(e.peakBytes, e.totalBytes) + 2 * e.sequenceBytes;
    const tight = await engine.load(server.url, { contextLength: 256, memoryBudgetBytes: budget });
    expect(tight.sequences).toBe(3);
    expect((await engine.load(server.url, { contextLength: 256 })).sequences).toBe(4);
    await engine.unload();
  });
});
