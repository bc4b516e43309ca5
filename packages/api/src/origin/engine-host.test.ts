// The shared engine's host without a browser: tabs as client() objects talking over MessagePorts, a fake
// engine, and tab liveness driven by the test in place of Web Locks.
import { describe, expect, it } from 'vitest';
import type { EngineRequest, GenerationEvent } from '../engine/generation-events.ts';
import type { ModelInfo } from '../engine/model-info.ts';
import type { EmitEvent } from '../engine/model-session.ts';
import { AbortedError } from '../errors/errors.ts';
import { openPortCall } from '../worker/port-call.ts';
import type { LoadEvent } from '../worker/worker-api.ts';
import { EngineHost, type HostedEngine } from './engine-host.ts';
import type { OriginApi } from './origin-api.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

/** Generates `tokens` text events, one per tick, stopping early when aborted. */
class FakeEngine {
  readonly loads: string[] = [];
  readonly unloads: string[] = [];
  readonly runs: string[] = [];
  disposed = false;

  async load(input: string, options: { id: string }): Promise<ModelInfo> {
    this.loads.push(`${input} as ${options.id}`);
    await tick();
    return {
      id: options.id,
      sizeBytes: 1,
      architecture: 'llama',
      contextLength: 64,
      sequences: 4,
      vocabSize: 32,
      backend: 'webgpu',
      origin: 'network',
      cached: false,
    };
  }

  async run(request: EngineRequest, emit: EmitEvent, signal: AbortSignal): Promise<void> {
    const name = String((request.params as { prompt: string }).prompt);
    this.runs.push(`${name} on ${request.params.model}`);
    emit({ type: 'start', model: request.params.model!, promptTokens: 1 });
    let tokens = 0;
    while (tokens < 5 && !signal.aborted) {
      await tick();
      emit({ type: 'text', text: `${name}.` });
      tokens++;
    }
    const finishReason = signal.aborted ? 'abort' : 'length';
    emit({
      type: 'done',
      summary: {
        model: request.params.model!,
        finishReason,
        promptTokens: 1,
        cachedTokens: 0,
        completionTokens: tokens,
        promptMs: 0,
        decodeMs: 0,
      },
    });
  }

  async unload(id: string): Promise<void> {
    this.unloads.push(id);
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

function setUp() {
  const engines: FakeEngine[] = [];
  const locks = new Map<string, () => void>();
  const host = new EngineHost({
    gpu: undefined,
    createEngine: () => {
      const engine = new FakeEngine();
      engines.push(engine);
      return engine as unknown as HostedEngine;
    },
    tabGone: (lock) => new Promise<void>((resolve) => locks.set(lock, resolve)),
  });
  let tabs = 0;
  /** A tab that joined; close() is the browser destroying it. */
  const openTab = async () => {
    const api = host.client();
    const lock = `tab${++tabs}`;
    await expect(api.join({ backend: 'cpu' }, lock)).resolves.toEqual({ ok: true });
    return { api, close: () => locks.get(lock)!() };
  };
  return { host, engines, openTab };
}

function load(api: OriginApi, url: string, id?: string): Promise<ModelInfo> {
  const call = openPortCall<LoadEvent, ModelInfo>(() => undefined);
  api.load(url, id ? { id } : {}, call.port);
  return call.result;
}

/** Runs a completion; resolves to its text and finish reason. */
function complete(api: OriginApi, prompt: string, signal?: AbortSignal) {
  const events: GenerationEvent[] = [];
  const call = openPortCall<GenerationEvent, void>((event) => events.push(event), signal);
  api.run({ kind: 'completion', params: { model: 'any', prompt } }, call.port);
  return {
    events,
    done: call.result.then(() => {
      const done = events.find((e) => e.type === 'done');
      return {
        text: events.map((e) => (e.type === 'text' ? e.text : '')).join(''),
        finishReason: done?.type === 'done' ? done.summary.finishReason : undefined,
        model: done?.type === 'done' ? done.summary.model : undefined,
      };
    }),
  };
}

describe('EngineHost', () => {
  it("makes one engine for its tabs, loads a model they share once, and answers in each tab's names", async () => {
    const { host, engines, openTab } = setUp();
    const a = await openTab();
    const b = await openTab();
    const [infoA, infoB] = await Promise.all([
      load(a.api, 'https://x/m.gguf'),
      load(b.api, 'https://x/m.gguf', 'mine'),
    ]);
    expect(engines).toHaveLength(1);
    expect(engines[0]!.loads).toEqual(['https://x/m.gguf as m']);
    expect([infoA.id, infoB.id]).toEqual(['m', 'mine']);
    await expect(complete(b.api, 'b').done).resolves.toEqual({
      text: 'b.b.b.b.b.',
      finishReason: 'length',
      model: 'mine',
    });
    expect(engines[0]!.runs).toEqual(['b on m']);
    expect(host.stats()).toMatchObject({
      tabs: 2,
      queued: 0,
      models: [{ id: 'm', tabs: 2 }],
      gpu: undefined,
    });
    expect(b.api.models().map((m) => m.id)).toEqual(['mine']);
  });

  it('takes requests from the tabs in turns', async () => {
    const { engines, openTab } = setUp();
    const a = await openTab();
    const b = await openTab();
    await Promise.all([load(a.api, 'https://x/m.gguf'), load(b.api, 'https://x/m.gguf')]);
    const replies = [
      complete(a.api, 'a1'),
      complete(a.api, 'a2'),
      complete(a.api, 'a3'),
      complete(b.api, 'b1'),
    ];
    await Promise.all(replies.map((r) => r.done));
    expect(engines[0]!.runs.map((r) => r.split(' ')[0])).toEqual(['a1', 'b1', 'a2', 'a3']);
  });

  it("ends a closed tab's running and queued requests, keeps its model for the other tab, and serves it", async () => {
    const { host, engines, openTab } = setUp();
    const a = await openTab();
    const b = await openTab();
    await Promise.all([load(a.api, 'https://x/m.gguf'), load(b.api, 'https://x/m.gguf')]);
    const running = complete(a.api, 'a1');
    // Caught now: it fails while the test awaits the running request.
    const queuedA = complete(a.api, 'a2').done.catch((error: unknown) => error);
    const queuedB = complete(b.api, 'b1');
    while (!running.events.some((e) => e.type === 'text')) await tick();
    a.close();
    await expect(running.done).resolves.toMatchObject({ finishReason: 'abort' });
    await expect(queuedA).resolves.toBeInstanceOf(AbortedError);
    await expect(queuedB.done).resolves.toEqual({
      text: 'b1.'.repeat(5),
      finishReason: 'length',
      model: 'm',
    });
    expect(engines[0]!.runs.map((r) => r.split(' ')[0])).toEqual(['a1', 'b1']);
    expect(engines[0]!.unloads).toEqual([]);
    expect(host.stats()).toMatchObject({
      tabs: 1,
      closedTabs: 1,
      cancelledRequests: 2,
      models: [{ tabs: 1 }],
    });
  });

  it('unloads the models and disposes of the engine when the last tab leaves; the next tab gets a new one', async () => {
    const { host, engines, openTab } = setUp();
    const a = await openTab();
    const b = await openTab();
    await Promise.all([load(a.api, 'https://x/m.gguf'), load(b.api, 'https://x/m.gguf')]);
    a.close();
    await b.api.dispose();
    expect(engines[0]!.unloads).toEqual(['m']);
    expect(engines[0]!.disposed).toBe(true);
    expect(host.stats()).toMatchObject({ tabs: 0, closedTabs: 1, models: [] });
    const c = await openTab();
    await load(c.api, 'https://x/m.gguf');
    expect(engines).toHaveLength(2);
    expect(engines[1]!.loads).toEqual(['https://x/m.gguf as m']);
  });

  it('refuses to host a WebGPU engine where the worker has no WebGPU, saying why', async () => {
    const host = new EngineHost({ gpu: undefined, tabGone: () => new Promise(() => undefined) });
    await expect(host.client().join({}, 'tab')).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(/does not expose WebGPU to SharedWorkers/),
    });
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    const adapterless = new EngineHost({ gpu: noAdapter, tabGone: () => new Promise(() => undefined) });
    await expect(adapterless.client().join({}, 'tab')).resolves.toEqual({
      ok: false,
      reason: expect.stringMatching(/requestAdapter\(\) gave no adapter/),
    });
  });
});
