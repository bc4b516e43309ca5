// The page side of createEngine({ scope: 'origin' }): joins the origin's SharedWorker engine, or, where no
// SharedWorker can host it, falls back to a Worker of this tab's own and says why.
import { wrap } from 'comlink';
import type { LocalEngine } from '../engine/engine.ts';
import type { OpenAISurface } from '../engine/openai-surface.ts';
import { installErrorTransfer } from '../errors/error-transfer.ts';
import { type ModelInput, resolveModelInput } from '../load/resolve-model-input.ts';
import type { WorkerEngineOptions } from '../worker/worker-api.ts';
import { comlinkEngine, workerEngine } from '../worker/worker-engine.ts';
import { sharedEngineName } from './engine-key.ts';
import type { OriginApi, OriginEngineStats } from './origin-api.ts';
import { holdTabLock } from './tab-lock.ts';

/** Where an origin engine runs: shared by the origin's tabs, or (the fallback) in this tab's own Worker. */
export type EngineScope = { scope: 'origin' } | { scope: 'tab'; reason: string };

export interface OriginEngine extends LocalEngine {
  /** Where the engine runs, once the SharedWorker has answered (or was found unable to host it). */
  scope(): Promise<EngineScope>;
  /** The shared engine's figures (tabs, models and who holds them, GPU buffers); undefined after a fallback. */
  stats(): Promise<OriginEngineStats | undefined>;
}

export interface OriginEngineOptions extends WorkerEngineOptions {
  /** Starts the SharedWorker (origin-worker.ts) under `name`. It may throw to say that none can be shared. */
  startSharedWorker(name: string): SharedWorker;
  /** Starts the dedicated Worker (engine-worker.ts) used when no SharedWorker can host the engine. */
  startWorker(): Worker;
}

/** A string input resolved against the page: relative to the page, not to the worker's script. */
function fromPage(input: ModelInput): ModelInput {
  if (typeof input !== 'string') return input;
  const resolved = resolveModelInput(input);
  return resolved.kind === 'url' ? resolved.url : input;
}

interface Placement {
  engine: LocalEngine;
  scope: EngineScope;
  stats(): Promise<OriginEngineStats | undefined>;
}

/** The SharedWorker engine for this tab, or the reason there is none. */
async function joinSharedWorker(
  options: WorkerEngineOptions,
  startSharedWorker: (name: string) => SharedWorker,
): Promise<Placement | string> {
  if (typeof SharedWorker === 'undefined') return 'this browser has no SharedWorker';
  if (!navigator.locks)
    return 'this browser has no Web Locks, which tell the shared engine that a tab closed';
  let worker: SharedWorker;
  try {
    worker = startSharedWorker(sharedEngineName(options));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const notStarted = new Promise<string>((resolve) => {
    worker.addEventListener('error', () => resolve('the engine SharedWorker did not start'), { once: true });
  });
  const lock = await holdTabLock(navigator.locks);
  const remote = wrap<OriginApi>(worker.port);
  const leave = (): void => {
    lock.release();
    worker.port.close();
  };
  const reply = await Promise.race([remote.join(options, lock.name), notStarted]);
  if (typeof reply === 'string' || !reply.ok) {
    leave();
    return typeof reply === 'string' ? reply : reply.reason;
  }
  return {
    engine: comlinkEngine(remote, Promise.resolve(), leave),
    scope: { scope: 'origin' },
    stats: () => remote.stats(),
  };
}

async function place(options: OriginEngineOptions): Promise<Placement> {
  const { startSharedWorker, startWorker, ...engineOptions } = options;
  const shared = await joinSharedWorker(engineOptions, startSharedWorker);
  if (typeof shared !== 'string') return shared;
  return {
    engine: workerEngine(startWorker(), engineOptions),
    scope: { scope: 'tab', reason: shared },
    stats: async () => undefined,
  };
}

export function originEngine(options: OriginEngineOptions): OriginEngine {
  installErrorTransfer();
  const placed = place(options);
  placed.catch(() => undefined);
  const engine = async (): Promise<LocalEngine> => (await placed).engine;
  const chatCreate = async (params: Parameters<OpenAISurface['chat']['completions']['create']>[0]) =>
    (await engine()).chat.completions.create(params);
  const completionCreate = async (params: Parameters<OpenAISurface['completions']['create']>[0]) =>
    (await engine()).completions.create(params);
  return {
    chat: { completions: { create: chatCreate as OpenAISurface['chat']['completions']['create'] } },
    completions: { create: completionCreate as OpenAISurface['completions']['create'] },
    load: async (input, loadOptions) => (await engine()).load(fromPage(input), loadOptions),
    estimateMemory: async (input, estimateOptions) =>
      (await engine()).estimateMemory(fromPage(input), estimateOptions),
    unload: async (model) => (await engine()).unload(model),
    models: async () => (await engine()).models(),
    tokenize: async (text, tokenizeOptions) => (await engine()).tokenize(text, tokenizeOptions),
    detokenize: async (ids, tokenizeOptions) => (await engine()).detokenize(ids, tokenizeOptions),
    cache: {
      list: async () => (await engine()).cache.list(),
      size: async () => (await engine()).cache.size(),
      delete: async (key) => (await engine()).cache.delete(key),
    },
    dispose: async () => (await engine()).dispose(),
    scope: async () => (await placed).scope,
    stats: async () => (await placed).stats(),
  };
}
