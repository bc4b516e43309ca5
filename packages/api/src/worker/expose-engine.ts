// The Worker side: an EngineCore exposed through comlink. The default Worker (engine-worker.ts) calls it with
// no options; a custom Worker can pass options that cannot be cloned, such as its own ModelStore.
import { expose } from 'comlink';
import { defaultModelStore } from '../cache/default-store.ts';
import { EngineCore, type EngineCoreOptions } from '../engine/engine-core.ts';
import { installErrorTransfer } from '../errors/error-transfer.ts';
import { BadRequestError } from '../errors/errors.ts';
import { servePortCall } from './port-call.ts';
import type { LoadEvent, WorkerApi, WorkerEngineOptions } from './worker-api.ts';

/** The engine a page asked for (`pageOptions`), with `overrides` from the Worker itself. */
export function engineFromPageOptions(
  pageOptions: WorkerEngineOptions,
  overrides: EngineCoreOptions = {},
): EngineCore {
  const { cache, ...rest } = pageOptions;
  return new EngineCore({ cache: cache === false ? null : defaultModelStore(), ...rest, ...overrides });
}

/** Serves the engine to the page that created this Worker. `options` override what the page sends. */
export function exposeEngine(options: EngineCoreOptions = {}): void {
  installErrorTransfer();
  let engine: EngineCore | undefined;
  const core = (): EngineCore => {
    if (!engine) throw new BadRequestError('the engine Worker was not initialized');
    return engine;
  };
  const api: WorkerApi = {
    init(pageOptions) {
      engine = engineFromPageOptions(pageOptions, options);
    },
    load(input, loadOptions, port) {
      servePortCall<LoadEvent, unknown>(port, (emit, signal) =>
        core().load(input, {
          ...loadOptions,
          signal,
          onProgress: (progress) => emit({ type: 'progress', progress }),
          onWarning: (message) => emit({ type: 'warning', message }),
        }),
      );
    },
    run(request, port) {
      servePortCall(port, (emit, signal) => core().run(request, emit, signal));
    },
    estimateMemory: (input, estimateOptions) => core().estimateMemory(input, estimateOptions),
    unload: (model) => core().unload(model),
    models: () => core().models(),
    tokenize: (text, tokenizeOptions) => core().tokenize(text, tokenizeOptions),
    detokenize: (ids, tokenizeOptions) => core().detokenize(ids, tokenizeOptions),
    cachedModels: () => core().cachedModels(),
    cacheSize: () => core().cacheSize(),
    deleteCached: (key) => core().deleteCached(key),
    dispose: () => core().dispose(),
  };
  expose(api);
}
