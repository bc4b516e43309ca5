// The engine as it runs in one thread (a Worker, or Node): loads models, owns their sessions, runs requests.
// Plain data in and out, callbacks for streams, so the Worker entry can expose it as it is.
import { readGgufHeader } from '@wgllm/gguf';
import { type CachedModel, ModelCache } from '../cache/model-cache.ts';
import type { ModelStore } from '../cache/model-store.ts';
import { BadRequestError } from '../errors/errors.ts';
import { toWgllmError } from '../errors/to-wgllm-error.ts';
import { type LoadProgressCallback, throttledProgress } from '../load/load-progress.ts';
import { type OpenModelOptions, openModelSource } from '../load/open-model-source.ts';
import { readModelHeader } from '../load/read-model-header.ts';
import { type ModelInput, resolveModelInput } from '../load/resolve-model-input.ts';
import type { DownloadOptions } from '../load/resumable-download.ts';
import { cpuBackend } from './cpu-backend.ts';
import type { EngineRequest } from './generation-events.ts';
import { gpuBackend } from './gpu-backend.ts';
import {
  type EstimateMemoryOptions,
  type MemoryCheck,
  type MemoryReport,
  memoryReport,
  refuseIfTooLarge,
} from './memory-report.ts';
import type { BackendLoadOptions, ModelBackend } from './model-backend.ts';
import type { ModelInfo } from './model-info.ts';
import { type EmitEvent, ModelSession } from './model-session.ts';

export interface EngineCoreOptions {
  /**
   * Where model files are cached; null or absent: nowhere (every load downloads; the bytes stay in memory).
   * createEngine() and the engine Worker default to IndexedDB.
   */
  cache?: ModelStore | null;
  /** Bytes per cached chunk. */
  chunkBytes?: number;
  /** Retries, headers and fetch for downloads. */
  download?: Omit<DownloadOptions, 'signal'>;
  /** Told about problems that do not fail a load (e.g. storage full: the model runs uncached). */
  onWarning?: (message: string) => void;
  /** Where models run: 'webgpu' (default) or 'cpu', the f32 CPU reference (tests, tiny models). */
  backend?: 'webgpu' | 'cpu';
  /** The WebGPU entry point; default navigator.gpu. In Node: `create([])` from the webgpu package. */
  gpu?: GPU;
  /**
   * GPU memory a model may take, bytes: load() refuses one whose estimate is larger, before downloading it.
   * WebGPU tells no total, so absent (the default) only the adapter's buffer and binding limits are checked.
   */
  memoryBudgetBytes?: number;
}

export interface LoadModelOptions {
  /** The name requests use; default: the file name without `.gguf`. Loading an id again replaces it. */
  id?: string;
  /** KV cache length, tokens; default: the model's trained context, capped by the runtime. */
  contextLength?: number;
  /** GPU memory the model may take, bytes; default: the engine's memoryBudgetBytes. */
  memoryBudgetBytes?: number;
  /**
   * KV sequences kept for prefix reuse: conversations whose earlier turns stay cached, each a KV cache made
   * on first use. Default: up to 4, within 1 GiB of KV cache and what the memory budget holds beside the
   * model (fewer when the device runs out of memory).
   */
  sequences?: number;
  onProgress?: LoadProgressCallback;
  /** Told when the model loads but cannot be cached; default: the engine's onWarning, else console.warn. */
  onWarning?: (message: string) => void;
  signal?: AbortSignal;
}

export interface TokenizeOptions {
  /** Default: the only loaded model. */
  model?: string;
  /** Add BOS/EOS as the model does for prompts. Default true. */
  addSpecial?: boolean;
}

/** Rethrows lower-layer errors as the public typed errors. */
async function typed<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toWgllmError(error);
  }
}

export class EngineCore {
  readonly cache: ModelCache | undefined;
  private readonly sessions = new Map<string, ModelSession>();

  private readonly backend: ModelBackend;

  constructor(private readonly options: EngineCoreOptions = {}) {
    this.cache = options.cache ? new ModelCache(options.cache) : undefined;
    this.backend =
      options.backend === 'cpu'
        ? cpuBackend()
        : gpuBackend(options.gpu ?? (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu, () =>
            this.reloadAfterDeviceLoss(),
          );
  }

  /**
   * The GPU memory `input` needs at a context, from its header alone (Range requests for a URL; nothing is
   * downloaded), against this device's limits and the memory budget, with the longest context that fits.
   */
  estimateMemory(input: ModelInput, options: EstimateMemoryOptions = {}): Promise<MemoryReport> {
    return typed(async () => {
      const check = this.memoryCheck();
      return memoryReport(check, await readModelHeader(input, check.headerOptions), options);
    });
  }

  /** What estimateMemory and load's check need: the backend, the default budget, how to read headers. */
  private memoryCheck(): MemoryCheck {
    const { fetch, headers } = this.options.download ?? {};
    const budgetBytes = this.options.memoryBudgetBytes;
    return {
      backend: this.backend,
      ...(budgetBytes !== undefined && { budgetBytes }),
      headerOptions: {
        ...(this.cache && { cache: this.cache }),
        ...(fetch && { fetch }),
        ...(headers && { headers }),
      },
    };
  }

  load(input: ModelInput, options: LoadModelOptions = {}): Promise<ModelInfo> {
    return typed(async () => {
      const check = this.memoryCheck();
      const { onProgress } = options;
      const openOptions: OpenModelOptions = { ...this.options.download };
      if (this.cache) openOptions.cache = this.cache;
      if (this.options.chunkBytes !== undefined) openOptions.chunkBytes = this.options.chunkBytes;
      if (onProgress) openOptions.onProgress = onProgress;
      const onWarning = options.onWarning ?? this.options.onWarning;
      if (onWarning) openOptions.onWarning = onWarning;
      if (options.signal) openOptions.signal = options.signal;
      // A download is refused as soon as its header has arrived, before the weights.
      const { name } = resolveModelInput(input);
      let fit: MemoryReport | undefined;
      openOptions.onHeader = async (header, sizeBytes) => {
        fit = await refuseIfTooLarge(check, { header, name, sizeBytes }, options);
      };
      const opened = await openModelSource(input, openOptions);
      const fromCache = opened.origin === 'cache';

      const header = await readGgufHeader(opened.source);
      onProgress?.({
        phase: 'parse',
        loadedBytes: header.dataOffset,
        totalBytes: header.dataOffset,
        fromCache,
      });
      options.signal?.throwIfAborted();
      if (opened.origin !== 'network') {
        fit = await refuseIfTooLarge(
          check,
          { header, name: opened.name, sizeBytes: opened.source.size },
          options,
        );
      }

      const uploadProgress = throttledProgress(onProgress, 'upload', fromCache);
      const backendOptions: BackendLoadOptions = { header };
      if (options.contextLength !== undefined) backendOptions.contextLength = options.contextLength;
      // With a budget, as many sequences as it holds beside the model.
      const sequences =
        options.sequences ?? (fit?.budgetBytes === undefined ? undefined : fit.sequencesFitting);
      if (sequences !== undefined) backendOptions.sequences = sequences;
      const model = await this.backend.load(opened.source, { ...backendOptions, onProgress: uploadProgress });

      const info: ModelInfo = {
        id: options.id ?? opened.name,
        sizeBytes: opened.source.size,
        architecture: model.config.architecture,
        contextLength: model.runner.contextLength,
        sequences: model.runner.sequences.maxSlots,
        vocabSize: model.runner.vocabSize,
        backend: this.backend.kind,
        origin: opened.origin,
        cached: opened.cached,
        ...(opened.url ? { url: opened.url } : {}),
      };
      await this.sessions.get(info.id)?.dispose();
      // After a device loss the weights come back from the same source (the cache, a Blob, memory).
      const reload = () => this.backend.load(opened.source, backendOptions);
      this.sessions.set(info.id, new ModelSession(info, model, reload, () => this.backend.lostSignal()));
      return info;
    });
  }

  /** The device is gone: every model reloads onto the next one, from the bytes it was loaded from. */
  private reloadAfterDeviceLoss(): void {
    for (const session of this.sessions.values()) session.reloadAfterDeviceLoss();
  }

  async unload(id?: string): Promise<void> {
    const session = this.session(id);
    this.sessions.delete(session.info.id);
    await session.dispose();
  }

  models(): ModelInfo[] {
    return [...this.sessions.values()].map((s) => s.info);
  }

  /**
   * The session for `model`: an exact id, else the only loaded model whatever the name (as llama.cpp's server
   * does, so clients that send a fixed model name work).
   */
  private session(model?: string): ModelSession {
    const exact = model === undefined ? undefined : this.sessions.get(model);
    if (exact) return exact;
    if (this.sessions.size === 1) return this.sessions.values().next().value!;
    if (this.sessions.size === 0) throw new BadRequestError('no model is loaded: call engine.load() first');
    throw new BadRequestError(
      `model "${model}" is not loaded (loaded: ${[...this.sessions.keys()].join(', ')})`,
      {
        param: 'model',
      },
    );
  }

  run(request: EngineRequest, emit: EmitEvent, signal?: AbortSignal): Promise<void> {
    return typed(() => this.session(request.params.model).run(request, emit, signal));
  }

  tokenize(text: string, options: TokenizeOptions = {}): Promise<number[]> {
    return typed(() => this.session(options.model).tokenize(text, options.addSpecial ?? true));
  }

  detokenize(ids: readonly number[], options: Pick<TokenizeOptions, 'model'> = {}): Promise<string> {
    return typed(() => this.session(options.model).detokenize(ids));
  }

  async cachedModels(): Promise<CachedModel[]> {
    return (await this.cache?.list()) ?? [];
  }

  /** Bytes held by cached models. */
  async cacheSize(): Promise<number> {
    return (await this.cache?.size()) ?? 0;
  }

  /** Removes a cached model by key (its URL); false when it was not cached. */
  async deleteCached(key: string): Promise<boolean> {
    return (await this.cache?.delete(key)) ?? false;
  }

  async dispose(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    await Promise.all(sessions.map((s) => s.dispose()));
    this.backend.dispose();
  }
}
