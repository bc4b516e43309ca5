import { defaultModelStore } from './cache/default-store.ts';
import type { Engine, LocalEngine } from './engine/engine.ts';
import type { EngineCoreOptions } from './engine/engine-core.ts';
import { inThreadEngine } from './engine/in-thread-engine.ts';
import { type RemoteEngineOptions, remoteEngine } from './remote/remote-engine.ts';
import type { WorkerEngineOptions } from './worker/worker-api.ts';
import { workerEngine } from './worker/worker-engine.ts';

/** The engine in a dedicated Web Worker (the default where Workers exist): the page never blocks on the GPU. */
export interface WorkerModeOptions extends WorkerEngineOptions {
  mode?: 'worker';
  /** A Worker running exposeEngine() (e.g. with a custom ModelStore); default: a new engine-worker.ts. */
  worker?: Worker;
}

/** The engine in the calling thread (Node, tests, or code already in a Worker). Default cache: IndexedDB if any. */
export interface InThreadModeOptions extends EngineCoreOptions {
  mode: 'in-thread';
}

/** Any OpenAI-compatible server (wgllm serve, llama.cpp, vLLM) behind the same interface. */
export interface RemoteModeOptions {
  remote: RemoteEngineOptions;
}

export function createEngine(options: RemoteModeOptions): Engine;
export function createEngine(options?: WorkerModeOptions | InThreadModeOptions): LocalEngine;
export function createEngine(
  options: WorkerModeOptions | InThreadModeOptions | RemoteModeOptions = {},
): Engine | LocalEngine {
  if ('remote' in options) return remoteEngine(options.remote);
  if (options.mode === 'in-thread' || (options.mode === undefined && typeof Worker === 'undefined')) {
    const { mode: _mode, ...coreOptions } = options as InThreadModeOptions;
    return inThreadEngine({ cache: defaultModelStore(), ...coreOptions });
  }
  const { mode: _mode, worker, ...workerOptions } = options as WorkerModeOptions;
  const engineWorker =
    worker ??
    new Worker(new URL('./worker/engine-worker.ts', import.meta.url), { type: 'module', name: 'wgllm' });
  return workerEngine(engineWorker, workerOptions);
}
