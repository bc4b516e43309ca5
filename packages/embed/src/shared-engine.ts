// One engine (and so one Worker and one copy of each model on the GPU) for every <wgllm-chat> on a page,
// unless a page hands an element its own engine.
import { createEngine, type LoadModelOptions, type LocalEngine, type ModelInfo } from '@wgllm/api';

let engine: LocalEngine | undefined;
let workerFactory: (() => Worker) | undefined;
const loads = new WeakMap<LocalEngine, Map<string, Promise<ModelInfo>>>();

/** Lets a bundle choose how the engine Worker starts (the script-tag build inlines it). */
export function setEngineWorkerFactory(factory: () => Worker): void {
  workerFactory = factory;
}

export function sharedEngine(): LocalEngine {
  engine ??= workerFactory ? createEngine({ worker: workerFactory() }) : createEngine();
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
