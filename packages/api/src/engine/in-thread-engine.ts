import type { LocalEngine } from './engine.ts';
import { EngineCore, type EngineCoreOptions } from './engine-core.ts';
import type { GenerationEvent } from './generation-events.ts';
import { openAISurface } from './openai-surface.ts';
import { PushIterable } from './push-iterable.ts';

/** The engine in the calling thread: for Node (CLI, server, tests) and pages that manage their own Worker. */
export function inThreadEngine(options: EngineCoreOptions = {}): LocalEngine {
  const core = new EngineCore(options);
  const surface = openAISurface({
    run(request, signal) {
      const controller = new AbortController();
      signal?.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
      if (signal?.aborted) controller.abort(signal.reason);
      // Leaving the iteration early aborts the request.
      const events = new PushIterable<GenerationEvent>(() => controller.abort());
      core
        .run(request, (event) => events.push(event), controller.signal)
        .then(
          () => events.end(),
          (error) => events.fail(error),
        );
      return events;
    },
  });
  return {
    ...surface,
    load: (input, loadOptions) => core.load(input, loadOptions),
    estimateMemory: (input, estimateOptions) => core.estimateMemory(input, estimateOptions),
    unload: (model) => core.unload(model),
    models: async () => core.models(),
    tokenize: (text, tokenizeOptions) => core.tokenize(text, tokenizeOptions),
    detokenize: (ids, tokenizeOptions) => core.detokenize(ids, tokenizeOptions),
    cache: {
      list: () => core.cachedModels(),
      size: () => core.cacheSize(),
      delete: (key) => core.deleteCached(key),
    },
    dispose: () => core.dispose(),
  };
}
