// The page side of a Worker engine: the LocalEngine interface over comlink, streams over MessagePorts.
import { type Remote, transfer, wrap } from 'comlink';
import type { LocalEngine } from '../engine/engine.ts';
import type { GenerationEvent } from '../engine/generation-events.ts';
import type { ModelInfo } from '../engine/model-info.ts';
import { openAISurface } from '../engine/openai-surface.ts';
import { PushIterable } from '../engine/push-iterable.ts';
import { installErrorTransfer } from '../errors/error-transfer.ts';
import { openPortCall } from './port-call.ts';
import type { LoadEvent, WorkerApi, WorkerEngineOptions } from './worker-api.ts';

/** The calls a page-side engine makes once its Worker is ready: the WorkerApi but its first call. */
export type EngineCalls = Omit<WorkerApi, 'init'>;

/** Wraps a Worker running exposeEngine() (engine-worker.ts, or a custom one). */
export function workerEngine(worker: Worker, options: WorkerEngineOptions = {}): LocalEngine {
  installErrorTransfer();
  const remote: Remote<WorkerApi> = wrap<WorkerApi>(worker);
  // A Worker whose script fails to load never answers: fail the calls instead of waiting forever.
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener(
      'error',
      (event) => reject(new Error(`the engine Worker failed: ${event.message}`)),
      {
        once: true,
      },
    );
  });
  return comlinkEngine(remote, Promise.race([remote.init(options), failed]), () => worker.terminate());
}

/**
 * The LocalEngine over an engine served through comlink (a Worker's, or a SharedWorker's for one tab): calls
 * wait for `ready`; dispose() ends with `end` (e.g. terminating the Worker).
 */
export function comlinkEngine(
  remote: Remote<EngineCalls>,
  ready: Promise<unknown>,
  end: () => void,
): LocalEngine {
  ready.catch(() => undefined);
  /** Calls the Worker once it has its engine. */
  const after = async <T>(call: () => Promise<T>): Promise<T> => {
    await ready;
    return call();
  };

  const surface = openAISurface({
    run(request, signal) {
      let call: { abort(): void } | undefined;
      // Leaving the iteration early aborts the request in the Worker.
      const events = new PushIterable<GenerationEvent>(() => call?.abort());
      const portCall = openPortCall<GenerationEvent, void>((event) => events.push(event), signal);
      call = portCall;
      portCall.result.then(
        () => events.end(),
        (error) => events.fail(error),
      );
      after(() => remote.run(request, transfer(portCall.port, [portCall.port]))).catch((error) =>
        events.fail(error),
      );
      return events;
    },
  });

  return {
    ...surface,
    async load(input, loadOptions = {}) {
      const { onProgress, onWarning, signal, ...cloneable } = loadOptions;
      const call = openPortCall<LoadEvent, ModelInfo>((event) => {
        if (event.type === 'progress') onProgress?.(event.progress);
        else (onWarning ?? console.warn)(event.message);
      }, signal);
      await ready;
      await remote.load(input, cloneable, transfer(call.port, [call.port]));
      return call.result;
    },
    estimateMemory: (input, o = {}) => after(() => remote.estimateMemory(input, o)),
    unload: (model) => after(() => remote.unload(model)),
    models: () => after(() => remote.models()),
    tokenize: (text, o = {}) => after(() => remote.tokenize(text, o)),
    detokenize: (ids, o = {}) => after(() => remote.detokenize(ids, o)),
    cache: {
      list: () => after(() => remote.cachedModels()),
      size: () => after(() => remote.cacheSize()),
      delete: (key) => after(() => remote.deleteCached(key)),
    },
    async dispose() {
      await ready;
      await remote.dispose();
      end();
    },
  };
}
