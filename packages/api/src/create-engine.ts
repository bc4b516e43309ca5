import { defaultModelStore } from './cache/default-store.ts';
import type { Engine, LocalEngine } from './engine/engine.ts';
import type { EngineCoreOptions } from './engine/engine-core.ts';
import { inThreadEngine } from './engine/in-thread-engine.ts';
import { type OriginEngine, originEngine } from './origin/origin-engine.ts';
import { type RemoteEngineOptions, remoteEngine } from './remote/remote-engine.ts';
import type { WorkerEngineOptions } from './worker/worker-api.ts';
import { workerEngine } from './worker/worker-engine.ts';

/** The engine in a dedicated Web Worker (the default where Workers exist): the page never blocks on the GPU. */
export interface WorkerModeOptions extends WorkerEngineOptions {
  mode?: 'worker';
  /** 'tab' (the default): this tab's own engine. 'origin': see OriginModeOptions. */
  scope?: 'tab';
  /** A Worker running exposeEngine() (e.g. with a custom ModelStore); default: a new engine-worker.ts. */
  worker?: Worker;
}

/**
 * One engine for every tab of the origin (with the same engine options), in a SharedWorker: the tabs share each
 * loaded model (one download, one copy on the GPU) and take turns, and the last tab to close frees the GPU.
 * Where no SharedWorker can host it (none in this browser, or no WebGPU in it) the engine runs in a Worker of
 * this tab's own: `engine.scope()` says which, and why.
 */
export interface OriginModeOptions extends WorkerEngineOptions {
  mode?: 'worker';
  scope: 'origin';
  /** Starts the SharedWorker (a custom build's); it may throw to say none can be shared. Default: origin-worker.ts. */
  sharedWorker?: (name: string) => SharedWorker;
  /** Starts the fallback Worker; default: a new engine-worker.ts. */
  fallbackWorker?: () => Worker;
}

/** The engine in the calling thread (Node, tests, or code already in a Worker). Default cache: IndexedDB if any. */
export interface InThreadModeOptions extends EngineCoreOptions {
  mode: 'in-thread';
}

/** Any OpenAI-compatible server (wgllm serve, llama.cpp, vLLM) behind the same interface. */
export interface RemoteModeOptions {
  remote: RemoteEngineOptions;
}

const startEngineWorker = (): Worker =>
  new Worker(new URL('./worker/engine-worker.ts', import.meta.url), { type: 'module', name: 'wgllm' });

const startOriginWorker = (name: string): SharedWorker =>
  new SharedWorker(new URL('./origin/origin-worker.ts', import.meta.url), { type: 'module', name });

export function createEngine(options: RemoteModeOptions): Engine;
export function createEngine(options: OriginModeOptions): OriginEngine;
export function createEngine(options?: WorkerModeOptions | InThreadModeOptions): LocalEngine;
export function createEngine(
  options: WorkerModeOptions | OriginModeOptions | InThreadModeOptions | RemoteModeOptions = {},
): Engine | LocalEngine {
  if ('remote' in options) return remoteEngine(options.remote);
  if ('scope' in options && options.scope === 'origin') {
    const { mode: _mode, scope: _scope, sharedWorker, fallbackWorker, ...engineOptions } = options;
    return originEngine({
      ...engineOptions,
      startSharedWorker: sharedWorker ?? startOriginWorker,
      startWorker: fallbackWorker ?? startEngineWorker,
    });
  }
  if (options.mode === 'in-thread' || (options.mode === undefined && typeof Worker === 'undefined')) {
    const { mode: _mode, ...coreOptions } = options as InThreadModeOptions;
    return inThreadEngine({ cache: defaultModelStore(), ...coreOptions });
  }
  const { mode: _mode, scope: _scope, worker, ...workerOptions } = options as WorkerModeOptions;
  return workerEngine(worker ?? startEngineWorker(), workerOptions);
}
