// One engine for every tab of an origin, in a SharedWorker: tabs join over their own ports, share loaded models
// (shared-models.ts), take turns on the GPU (fair-queue.ts), and leave when they close (tab-lock.ts). The engine
// is made when the first tab joins, and disposed (models unloaded, device destroyed) when the last one leaves.
import { expose } from 'comlink';
import type { EngineCore } from '../engine/engine-core.ts';
import type { EngineRequest, GenerationEvent } from '../engine/generation-events.ts';
import type { ModelInfo } from '../engine/model-info.ts';
import type { EmitEvent } from '../engine/model-session.ts';
import { BadRequestError } from '../errors/errors.ts';
import { resolveModelInput } from '../load/resolve-model-input.ts';
import { engineFromPageOptions } from '../worker/expose-engine.ts';
import { servePortCall } from '../worker/port-call.ts';
import type { LoadEvent, WorkerEngineOptions } from '../worker/worker-api.ts';
import { sharedEngineName } from './engine-key.ts';
import { FairQueue } from './fair-queue.ts';
import { GpuAllocations } from './gpu-allocations.ts';
import type { JoinReply, OriginApi, OriginEngineStats } from './origin-api.ts';
import { SharedModels } from './shared-models.ts';
import { tabGone } from './tab-lock.ts';

/** The engine calls the host makes: EngineCore's (a test passes a fake). */
export type HostedEngine = Pick<
  EngineCore,
  | 'load'
  | 'estimateMemory'
  | 'run'
  | 'unload'
  | 'tokenize'
  | 'detokenize'
  | 'cachedModels'
  | 'cacheSize'
  | 'deleteCached'
  | 'dispose'
>;

export interface EngineHostOptions {
  /** Makes the engine the first tab asked for, on `gpu` (which counts its allocations). Default: EngineCore. */
  createEngine?: (options: WorkerEngineOptions, gpu: GPU | undefined) => HostedEngine;
  /** Resolves once the tab holding Web Lock `lock` is gone. Default: tab-lock.ts on navigator.locks. */
  tabGone?: (lock: string) => Promise<void>;
  /** The WebGPU entry point here; default navigator.gpu (undefined where SharedWorkers have no WebGPU). */
  gpu?: GPU | undefined;
}

/** One connected tab. */
class Tab {
  /** Fires when the tab leaves or closes: its loads and requests stop. */
  readonly gone = new AbortController();
}

/** A load's sharing key: the same URL with the same context length is the same model; a Blob is never shared. */
function sharingKey(input: string | Blob, contextLength: number | undefined): string | undefined {
  return typeof input === 'string' ? JSON.stringify([input, contextLength ?? null]) : undefined;
}

export class EngineHost {
  private engine: HostedEngine | undefined;
  /** The options the engine was made with (sharedEngineName of them). */
  private engineName: string | undefined;
  private onGpu = false;
  /** Settles when the last engine disposed is gone. */
  private stopped: Promise<void> = Promise.resolve();
  private readonly tabs = new Set<Tab>();
  private readonly queue = new FairQueue<Tab>();
  private readonly models = new SharedModels<Tab>((engineId) => this.current().unload(engineId));
  private readonly allocations = new GpuAllocations();
  /** Why this worker cannot run models on the GPU (undefined: it can); checked on the first join. */
  private gpuRefusal: Promise<string | undefined> | undefined;
  private closedTabs = 0;
  private cancelledRequests = 0;
  private readonly gpu: GPU | undefined;
  private readonly createEngine: NonNullable<EngineHostOptions['createEngine']>;
  private readonly tabGone: (lock: string) => Promise<void>;

  constructor(options: EngineHostOptions = {}) {
    this.gpu = 'gpu' in options ? options.gpu : (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    this.createEngine =
      options.createEngine ?? ((pageOptions, gpu) => engineFromPageOptions(pageOptions, gpu ? { gpu } : {}));
    this.tabGone = options.tabGone ?? ((lock) => tabGone(navigator.locks, lock));
  }

  /** Serves a new tab on `port` (a SharedWorker's connect event). */
  connect(port: MessagePort): void {
    expose(this.client(), port);
  }

  /** The calls of one new tab. */
  client(): OriginApi {
    const tab = new Tab();
    const inTab = (signal: AbortSignal): AbortSignal => AbortSignal.any([signal, tab.gone.signal]);
    return {
      join: (options, lock) => this.join(tab, options, lock),
      load: (input, loadOptions, port) =>
        servePortCall<LoadEvent, ModelInfo>(port, async (emit, signal) =>
          this.models.attach(tab, {
            key: sharingKey(input, loadOptions.contextLength),
            id: loadOptions.id ?? resolveModelInput(input).name,
            signal: inTab(signal),
            onProgress: (progress) => emit({ type: 'progress', progress }),
            load: (engineId, loadSignal, onProgress) =>
              this.current().load(input, {
                ...loadOptions,
                id: engineId,
                signal: loadSignal,
                onProgress,
                onWarning: (message) => emit({ type: 'warning', message }),
              }),
          }),
        ),
      run: (request, port) =>
        servePortCall<GenerationEvent, void>(port, (emit, signal) =>
          this.run(tab, request, emit, inTab(signal)),
        ),
      estimateMemory: (input, options) => this.current().estimateMemory(input, options),
      unload: (model) => this.models.detach(tab, model),
      models: () => this.models.models(tab),
      tokenize: async (text, options) =>
        this.current().tokenize(text, {
          ...options,
          model: this.models.resolve(tab, options.model).engineId,
        }),
      detokenize: async (ids, options) =>
        this.current().detokenize(ids, { model: this.models.resolve(tab, options.model).engineId }),
      cachedModels: () => this.current().cachedModels(),
      cacheSize: () => this.current().cacheSize(),
      deleteCached: (key) => this.current().deleteCached(key),
      dispose: () => this.leave(tab, false),
      stats: () => this.stats(),
    };
  }

  stats(): OriginEngineStats {
    return {
      tabs: this.tabs.size,
      queued: this.queue.pending,
      models: this.models.stats(),
      gpu: this.onGpu ? this.allocations.stats() : undefined,
      closedTabs: this.closedTabs,
      cancelledRequests: this.cancelledRequests,
    };
  }

  private current(): HostedEngine {
    if (!this.engine) throw new BadRequestError('this tab has not joined the shared engine');
    return this.engine;
  }

  private async join(tab: Tab, options: WorkerEngineOptions, lock: string): Promise<JoinReply> {
    const onGpu = options.backend !== 'cpu';
    const refusal = onGpu ? await this.checkGpu() : undefined;
    if (refusal) return { ok: false, reason: refusal };
    const name = sharedEngineName(options);
    if (!this.engine) {
      await this.stopped;
      if (!this.engine) {
        this.engine = this.createEngine(options, onGpu ? this.allocations.counting(this.gpu!) : undefined);
        this.engineName = name;
        this.onGpu = onGpu;
      }
    }
    if (this.engineName !== name) {
      throw new BadRequestError(
        `this SharedWorker's engine was made with other options (${this.engineName})`,
      );
    }
    this.tabs.add(tab);
    void this.tabGone(lock).then(() => this.leave(tab, true));
    return { ok: true };
  }

  private checkGpu(): Promise<string | undefined> {
    this.gpuRefusal ??= (async () => {
      if (!this.gpu)
        return 'this browser does not expose WebGPU to SharedWorkers (navigator.gpu is undefined there)';
      const adapter = await this.gpu.requestAdapter().catch(() => null);
      return adapter ? undefined : 'requestAdapter() gave no adapter in the SharedWorker';
    })();
    return this.gpuRefusal;
  }

  private async run(tab: Tab, request: EngineRequest, emit: EmitEvent, signal: AbortSignal): Promise<void> {
    const { id, engineId } = this.models.resolve(tab, request.params.model);
    const inEngine = { ...request, params: { ...request.params, model: engineId } } as EngineRequest;
    // Events name the model as the tab does.
    const inTab = (event: GenerationEvent): GenerationEvent => {
      if (event.type === 'start') return { ...event, model: id };
      if (event.type === 'done') return { ...event, summary: { ...event.summary, model: id } };
      return event;
    };
    try {
      await this.queue.run(
        tab,
        () => this.current().run(inEngine, (event) => emit(inTab(event)), signal),
        signal,
      );
    } finally {
      if (tab.gone.signal.aborted) this.cancelledRequests++;
    }
  }

  private async leave(tab: Tab, closed: boolean): Promise<void> {
    if (!this.tabs.delete(tab)) return;
    if (closed) this.closedTabs++;
    tab.gone.abort();
    await this.models.detachTab(tab);
    if (this.tabs.size > 0 || !this.engine) return;
    // The last tab is gone: free the GPU (a tab joining now waits for it, then makes a new engine).
    const engine = this.engine;
    this.engine = undefined;
    this.engineName = undefined;
    this.stopped = engine.dispose().catch(() => undefined);
    await this.stopped;
  }
}
