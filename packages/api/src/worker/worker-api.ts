import type { CachedModel } from '../cache/model-cache.ts';
import type { LoadModelOptions, TokenizeOptions } from '../engine/engine-core.ts';
import type { EngineRequest } from '../engine/generation-events.ts';
import type { EstimateMemoryOptions, MemoryReport } from '../engine/memory-report.ts';
import type { ModelInfo } from '../engine/model-info.ts';
import type { LoadProgress } from '../load/load-progress.ts';
import type { ModelInput } from '../load/resolve-model-input.ts';
import type { DownloadOptions } from '../load/resumable-download.ts';

/** Engine options that can be sent to a Worker (structured-cloneable: no functions, no store objects). */
export interface WorkerEngineOptions {
  /** false: no cache (every load downloads). Default: IndexedDB. */
  cache?: false;
  /** Where models run: 'webgpu' (default) or 'cpu', the f32 CPU reference. */
  backend?: 'webgpu' | 'cpu';
  /** Bytes per cached chunk. */
  chunkBytes?: number;
  download?: Omit<DownloadOptions, 'signal' | 'fetch'>;
}

/** Load options that can be sent to a Worker; progress and warnings come back as LoadEvents. */
export type WorkerLoadOptions = Omit<LoadModelOptions, 'onProgress' | 'onWarning' | 'signal'>;

export type LoadEvent = { type: 'progress'; progress: LoadProgress } | { type: 'warning'; message: string };

/**
 * What the engine Worker exposes through comlink. Streamed calls (load, run) take a MessagePort, answered as
 * port-call.ts describes; the rest are plain comlink calls.
 */
export interface WorkerApi {
  /** Must come first: creates the engine with these options. */
  init(options: WorkerEngineOptions): void;
  load(input: ModelInput, options: WorkerLoadOptions, port: MessagePort): void;
  estimateMemory(input: ModelInput, options: EstimateMemoryOptions): Promise<MemoryReport>;
  run(request: EngineRequest, port: MessagePort): void;
  unload(model?: string): Promise<void>;
  models(): ModelInfo[];
  tokenize(text: string, options: TokenizeOptions): Promise<number[]>;
  detokenize(ids: readonly number[], options: Pick<TokenizeOptions, 'model'>): Promise<string>;
  cachedModels(): Promise<CachedModel[]>;
  cacheSize(): Promise<number>;
  deleteCached(key: string): Promise<boolean>;
  dispose(): Promise<void>;
}
