import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../engine/model-info.ts';
import { AbortedError, BadRequestError } from '../errors/errors.ts';
import type { LoadProgress } from '../load/load-progress.ts';
import { type LoadInEngine, SharedModels } from './shared-models.ts';

const info = (id: string): ModelInfo => ({
  id,
  sizeBytes: 1000,
  architecture: 'llama',
  contextLength: 128,
  sequences: 4,
  vocabSize: 512,
  backend: 'webgpu',
  origin: 'network',
  cached: true,
});

/** An engine whose loads finish when the test says so. */
function fakeEngine() {
  const loads: string[] = [];
  const unloads: string[] = [];
  const pending: { finish(): void; fail(error: Error): void; progress: (p: LoadProgress) => void }[] = [];
  const load: LoadInEngine = (engineId, signal, onProgress) => {
    loads.push(engineId);
    return new Promise<ModelInfo>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(new AbortedError('load aborted')));
      pending.push({ finish: () => resolve(info(engineId)), fail: reject, progress: onProgress });
    });
  };
  const models = new SharedModels<string>(async (engineId) => {
    unloads.push(engineId);
  });
  return { models, load, loads, unloads, pending };
}

const progress: LoadProgress = { phase: 'download', loadedBytes: 10, totalBytes: 100, fromCache: false };

describe('SharedModels', () => {
  it('loads a model once for two tabs, each naming it as it likes, told the progress of the one load', async () => {
    const { models, load, loads, pending } = fakeEngine();
    const seenA: LoadProgress[] = [];
    const seenB: LoadProgress[] = [];
    const a = models.attach('tabA', { key: 'url', id: 'stories', load, onProgress: (p) => seenA.push(p) });
    const b = models.attach('tabB', { key: 'url', id: 'mine', load, onProgress: (p) => seenB.push(p) });
    pending[0]!.progress(progress);
    pending[0]!.finish();
    await expect(a).resolves.toMatchObject({ id: 'stories' });
    await expect(b).resolves.toMatchObject({ id: 'mine' });
    expect(loads).toEqual(['stories']);
    expect(seenA).toEqual([progress]);
    expect(seenB).toEqual([progress]);
    expect(models.stats()).toEqual([{ id: 'stories', tabs: 2, loading: false }]);
    expect(models.resolve('tabB', 'mine')).toEqual({ id: 'mine', engineId: 'stories' });
    // A tab's only model serves a request naming any model (as llama.cpp's server does).
    expect(models.resolve('tabB', 'gpt-4')).toEqual({ id: 'mine', engineId: 'stories' });
    expect(models.models('tabA').map((m) => m.id)).toEqual(['stories']);
  });

  it('unloads a model when the last tab holding it lets go or closes', async () => {
    const { models, load, pending, unloads } = fakeEngine();
    const a = models.attach('tabA', { key: 'url', id: 'm', load });
    const b = models.attach('tabB', { key: 'url', id: 'm', load });
    pending[0]!.finish();
    await Promise.all([a, b]);
    await models.detach('tabA');
    expect(unloads).toEqual([]);
    expect(() => models.resolve('tabA')).toThrow(BadRequestError);
    await models.detachTab('tabB');
    expect(unloads).toEqual(['m']);
    expect(models.stats()).toEqual([]);
  });

  it('keeps models that are not the same apart: another URL or context, a Blob, under ids unique in the engine', async () => {
    const { models, load, loads, pending } = fakeEngine();
    const all = [
      models.attach('tabA', { key: 'url#128', id: 'm', load }),
      models.attach('tabB', { key: 'url#256', id: 'm', load }),
      models.attach('tabB', { key: undefined, id: 'file', load }),
      models.attach('tabC', { key: undefined, id: 'file', load }),
    ];
    for (const load of pending) load.finish();
    await Promise.all(all);
    expect(loads).toEqual(['m', 'm~2', 'file', 'file~2']);
    expect(models.resolve('tabB', 'file').engineId).toBe('file');
    expect(models.resolve('tabC', 'file').engineId).toBe('file~2');
    expect(() => models.resolve('tabB', 'other')).toThrow(/model "other" is not loaded \(loaded: m, file\)/);
  });

  it("replaces a tab's model loaded again under the same id, unloading the old one no one else holds", async () => {
    const { models, load, pending, unloads } = fakeEngine();
    const first = models.attach('tabA', { key: 'one', id: 'm', load });
    pending[0]!.finish();
    await first;
    const again = models.attach('tabA', { key: 'one', id: 'm', load });
    await again;
    expect(unloads).toEqual([]);
    const second = models.attach('tabA', { key: 'two', id: 'm', load });
    pending[1]!.finish();
    await second;
    expect(unloads).toEqual(['m']);
    expect(models.resolve('tabA', 'm').engineId).toBe('m~2');
  });

  it('aborts the load only when every tab waiting for it has given up', async () => {
    const { models, load, pending, unloads } = fakeEngine();
    const giveUpA = new AbortController();
    const giveUpB = new AbortController();
    const a = models.attach('tabA', { key: 'url', id: 'm', load, signal: giveUpA.signal });
    const b = models.attach('tabB', { key: 'url', id: 'm', load, signal: giveUpB.signal });
    giveUpA.abort();
    await expect(a).rejects.toBeInstanceOf(AbortedError);
    expect(models.stats()).toEqual([{ id: 'm', tabs: 1, loading: true }]);
    giveUpB.abort();
    await expect(b).rejects.toBeInstanceOf(AbortedError);
    expect(models.stats()).toEqual([]);
    // The load was aborted, so nothing is unloaded; a new load starts afresh.
    expect(unloads).toEqual([]);
    const c = models.attach('tabC', { key: 'url', id: 'm', load });
    pending[1]!.finish();
    await expect(c).resolves.toMatchObject({ id: 'm' });
  });

  it('fails every waiting tab when the load fails, and forgets the model', async () => {
    const { models, load, pending } = fakeEngine();
    const a = models.attach('tabA', { key: 'url', id: 'm', load });
    const b = models.attach('tabB', { key: 'url', id: 'm', load });
    pending[0]!.fail(new Error('404'));
    await expect(a).rejects.toThrow('404');
    await expect(b).rejects.toThrow('404');
    expect(models.stats()).toEqual([]);
    expect(models.models('tabA')).toEqual([]);
  });
});
