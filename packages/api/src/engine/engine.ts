// The public engine interfaces: what createEngine() returns for in-thread, Worker and remote engines.
import type { CachedModel } from '../cache/model-cache.ts';
import type { ModelInput } from '../load/resolve-model-input.ts';
import type { LoadModelOptions, TokenizeOptions } from './engine-core.ts';
import type { EstimateMemoryOptions, MemoryReport } from './memory-report.ts';
import type { ModelInfo } from './model-info.ts';
import type { OpenAISurface } from './openai-surface.ts';

/** What every engine offers, local or remote. */
export interface Engine extends OpenAISurface {
  /** The models requests can name. */
  models(): Promise<{ id: string }[]>;
  tokenize(text: string, options?: TokenizeOptions): Promise<number[]>;
  detokenize(ids: readonly number[], options?: Pick<TokenizeOptions, 'model'>): Promise<string>;
  /** Ends the engine: waits for queued requests, frees the GPU, ends its Worker. */
  dispose(): Promise<void>;
}

export interface ModelCacheApi {
  list(): Promise<CachedModel[]>;
  /** Bytes held by cached models. */
  size(): Promise<number>;
  /** Removes a cached model by key (its URL); false when it was not cached. */
  delete(key: string): Promise<boolean>;
}

/** An engine that runs models itself, in this thread or in its Worker. */
export interface LocalEngine extends Engine {
  /** Loads a model from a URL, a Hugging Face `owner/repo/file.gguf` path, a cache key, or a File/Blob. */
  load(input: ModelInput, options?: LoadModelOptions): Promise<ModelInfo>;
  /**
   * The GPU memory a model needs at a context, from its header alone (nothing is downloaded), against the
   * device's limits and the memory budget, with the longest context that fits. load() refuses a model that
   * does not fit with ModelTooLargeError, before downloading it.
   */
  estimateMemory(input: ModelInput, options?: EstimateMemoryOptions): Promise<MemoryReport>;
  /** Unloads a model (default: the only one) once its queued requests are done. */
  unload(model?: string): Promise<void>;
  models(): Promise<ModelInfo[]>;
  cache: ModelCacheApi;
}
