// The models of an engine shared by several tabs. A tab loading what another tab already loaded (or is loading)
// attaches to it: no second download, no second copy on the GPU. Each tab names its models as it likes (its
// requests say `model: "<its id>"`); inside the engine each model has an id of its own, unique over all tabs.
// A model is unloaded when the last tab holding it unloads it or closes.
import type { ModelInfo } from '../engine/model-info.ts';
import { AbortedError, BadRequestError } from '../errors/errors.ts';
import type { LoadProgress } from '../load/load-progress.ts';

type ProgressListener = (progress: LoadProgress) => void;

/** One model in the engine and the tabs that hold it. */
interface SharedModel {
  /** What makes two loads the same model; undefined: never shared (a File or Blob). */
  key: string | undefined;
  /** Its id in the engine. */
  engineId: string;
  loaded: Promise<ModelInfo>;
  /** Set once loaded. */
  info: ModelInfo | undefined;
  /** Claims per tab: one per id the tab holds it under, one per load of it the tab is waiting for. */
  claims: Map<unknown, number>;
  /** Loads waiting for it, told its progress. */
  listeners: Set<ProgressListener>;
  /** Aborts the load when every tab waiting for it has given up. */
  controller: AbortController;
}

export type LoadInEngine = (
  engineId: string,
  signal: AbortSignal,
  onProgress: ProgressListener,
) => Promise<ModelInfo>;

export interface AttachRequest {
  /** What makes two loads the same model (the URL and the load options); undefined: never shared. */
  key: string | undefined;
  /** The id the tab's requests name it by. */
  id: string;
  /** Loads it into the engine under `engineId`, when no tab has it yet. */
  load: LoadInEngine;
  onProgress?: ProgressListener;
  signal?: AbortSignal;
}

export interface SharedModelStats {
  /** The model's id in the engine. */
  id: string;
  /** How many tabs hold it (or wait for it). */
  tabs: number;
  loading: boolean;
}

/** Settles as `work` does, or rejects with AbortedError as soon as `signal` fires. */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new AbortedError('the load was aborted'));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class SharedModels<Tab> {
  private readonly byKey = new Map<string, SharedModel>();
  private readonly all = new Set<SharedModel>();
  /** Engine ids of models no tab holds any more, until the engine has unloaded them. */
  private readonly unloading = new Set<string>();
  /** Each tab's models, by the id its requests use. */
  private readonly tabs = new Map<Tab, Map<string, SharedModel>>();

  /** `unload` removes a model from the engine, by its engine id. */
  constructor(private readonly unload: (engineId: string) => Promise<void>) {}

  /** Loads a model for `tab`, or attaches `tab` to the same one already loaded or loading. */
  async attach(tab: Tab, request: AttachRequest): Promise<ModelInfo> {
    const model = (request.key !== undefined && this.byKey.get(request.key)) || this.start(request);
    this.claim(tab, model);
    const { onProgress } = request;
    if (onProgress) model.listeners.add(onProgress);
    let info: ModelInfo;
    try {
      info = await untilAborted(model.loaded, request.signal);
    } catch (error) {
      await this.release(tab, model);
      throw error;
    } finally {
      if (onProgress) model.listeners.delete(onProgress);
    }
    const names = this.names(tab);
    const previous = names.get(request.id);
    names.set(request.id, model);
    // Loading an id again replaces what the tab had under it (the same model: the claim is already held).
    if (previous) await this.release(tab, previous);
    return { ...info, id: request.id };
  }

  /** The model a request of `tab` names (its exact id, else the tab's only model): the tab's id and the engine's. */
  resolve(tab: Tab, model?: string): { id: string; engineId: string } {
    const [id, shared] = this.find(tab, model);
    return { id, engineId: shared.engineId };
  }

  /** The tab's models, under the ids it gave them. */
  models(tab: Tab): ModelInfo[] {
    return [...(this.tabs.get(tab) ?? [])].map(([id, model]) => ({ ...model.info!, id }));
  }

  /** `tab` lets go of a model (default: its only one); the engine unloads it when no tab holds it. */
  async detach(tab: Tab, model?: string): Promise<void> {
    const [id, shared] = this.find(tab, model);
    this.tabs.get(tab)!.delete(id);
    await this.release(tab, shared);
  }

  /** `tab` is gone: it lets go of every model it holds. */
  async detachTab(tab: Tab): Promise<void> {
    const names = this.tabs.get(tab);
    this.tabs.delete(tab);
    await Promise.all([...(names?.values() ?? [])].map((model) => this.release(tab, model)));
  }

  stats(): SharedModelStats[] {
    return [...this.all].map((model) => ({
      id: model.engineId,
      tabs: model.claims.size,
      loading: model.info === undefined,
    }));
  }

  private find(tab: Tab, model: string | undefined): [string, SharedModel] {
    const names = this.tabs.get(tab) ?? new Map<string, SharedModel>();
    const exact = model === undefined ? undefined : names.get(model);
    if (exact) return [model!, exact];
    if (names.size === 1) return names.entries().next().value!;
    if (names.size === 0) throw new BadRequestError('no model is loaded: call engine.load() first');
    throw new BadRequestError(`model "${model}" is not loaded (loaded: ${[...names.keys()].join(', ')})`, {
      param: 'model',
    });
  }

  private names(tab: Tab): Map<string, SharedModel> {
    let names = this.tabs.get(tab);
    if (!names) {
      names = new Map();
      this.tabs.set(tab, names);
    }
    return names;
  }

  private start(request: AttachRequest): SharedModel {
    const listeners = new Set<ProgressListener>();
    const controller = new AbortController();
    const engineId = this.freeEngineId(request.id);
    const loaded = request.load(engineId, controller.signal, (progress) => {
      for (const listener of listeners) listener(progress);
    });
    const model: SharedModel = {
      key: request.key,
      engineId,
      loaded,
      info: undefined,
      claims: new Map(),
      listeners,
      controller,
    };
    loaded.then(
      (info) => {
        model.info = info;
      },
      () => this.forget(model),
    );
    this.all.add(model);
    if (model.key !== undefined) this.byKey.set(model.key, model);
    return model;
  }

  /** `id`, or `id~2`, `id~3`, ...: the first not taken in the engine (nor still being unloaded from it). */
  private freeEngineId(id: string): string {
    const taken = new Set([...this.all].map((model) => model.engineId).concat([...this.unloading]));
    let candidate = id;
    for (let n = 2; taken.has(candidate); n++) candidate = `${id}~${n}`;
    return candidate;
  }

  private claim(tab: Tab, model: SharedModel): void {
    model.claims.set(tab, (model.claims.get(tab) ?? 0) + 1);
  }

  private async release(tab: Tab, model: SharedModel): Promise<void> {
    const left = (model.claims.get(tab) ?? 0) - 1;
    if (left > 0) model.claims.set(tab, left);
    else model.claims.delete(tab);
    if (model.claims.size > 0) return;
    this.forget(model);
    model.controller.abort();
    const loaded = await model.loaded.then(
      () => true,
      () => false,
    );
    if (!loaded) return;
    this.unloading.add(model.engineId);
    try {
      await this.unload(model.engineId);
    } finally {
      this.unloading.delete(model.engineId);
    }
  }

  private forget(model: SharedModel): void {
    this.all.delete(model);
    if (model.key !== undefined && this.byKey.get(model.key) === model) this.byKey.delete(model.key);
  }
}
