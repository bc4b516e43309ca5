// One engine for every <wgllm-chat> on a page, unless a page hands an element its own: by default the origin's
// (one SharedWorker and one copy of each model on the GPU for all its tabs), or with engine-scope="tab" this
// page's own Worker.
import { createEngine, type LoadModelOptions, type LocalEngine, type ModelInfo } from '@wgllm/api';

export type EngineScopeName = 'origin' | 'tab';

const engines = new Map<EngineScopeName, LocalEngine>();
let create: typeof createEngine = createEngine;
const loads = new WeakMap<LocalEngine, Map<string, Promise<ModelInfo>>>();

/** Lets a bundle choose how engines start (the script-tag build inlines its Worker). */
export function setEngineFactory(factory: typeof createEngine): void {
  create = factory;
}

export function sharedEngine(scope: EngineScopeName = 'origin'): LocalEngine {
  let engine = engines.get(scope);
  if (!engine) {
    engine = scope === 'origin' ? create({ scope: 'origin' }) : create();
    engines.set(scope, engine);
  }
  return engine;
}

/** Loads `model` once per engine and context size; later callers share the same load. */
export function loadOnce(target: LocalEngine, model: string, options: LoadModelOptions): Promise<ModelInfo> {
  let byModel = loads.get(target);
  if (!byModel) {
    byModel = new Map();
    loads.set(target, byModel);
  }
  const key = `${model}#${options.contextLength ?? 'default'}`;
  let load = byModel.get(key);
  if (!load) {
    load = target.load(model, options);
    byModel.set(key, load);
    load.catch(() => byModel.delete(key));
  }
  return load;
}
