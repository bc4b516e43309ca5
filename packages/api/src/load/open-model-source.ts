// Gets a model's bytes as a GgufSource: from the cache when it holds the URL (no network at all), else by a
// resumable download stored chunk by chunk in the cache. When storage is full the download goes on in memory
// and the model runs uncached, with a warning: a full disk never fails a load.
import { blobSource, type GgufHeader, type GgufSource } from '@wgllm/gguf';
import { chunkedSource } from '../cache/chunked-source.ts';
import { type CacheWriter, DEFAULT_CHUNK_BYTES, type ModelCache } from '../cache/model-cache.ts';
import { headerWatch } from './header-watch.ts';
import { type LoadProgressCallback, throttledProgress } from './load-progress.ts';
import { type ModelInput, resolveModelInput } from './resolve-model-input.ts';
import { type DownloadOptions, downloadChunks } from './resumable-download.ts';

export interface OpenModelOptions extends DownloadOptions {
  /** Where downloads are kept; without one, every load downloads and the bytes stay in memory. */
  cache?: ModelCache;
  /** Bytes per cached chunk (one stored value each). */
  chunkBytes?: number;
  onProgress?: LoadProgressCallback;
  /** Told when the model cannot be cached (quota) and runs from memory instead. */
  onWarning?: (message: string) => void;
  /** Called with a download's header as soon as it has arrived, before the weights; a throw ends the download. */
  onHeader?: (header: GgufHeader, fileBytes: number) => Promise<void> | void;
}

export interface OpenedModel {
  source: GgufSource;
  /** Default model id: the file name without `.gguf`. */
  name: string;
  /** The cache key (the URL) for downloaded models. */
  url?: string;
  /** Where the bytes came from this time. */
  origin: 'cache' | 'network' | 'blob';
  /** The bytes are in the cache now (a later load needs no network). */
  cached: boolean;
}

export function isQuotaError(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'QuotaExceededError';
}

export async function openModelSource(
  input: ModelInput,
  options: OpenModelOptions = {},
): Promise<OpenedModel> {
  const resolved = resolveModelInput(input);
  if (resolved.kind === 'blob') {
    return { source: blobSource(resolved.blob), name: resolved.name, origin: 'blob', cached: false };
  }
  const { url, name } = resolved;
  const { cache } = options;
  const manifest = await cache?.manifest(url);
  if (cache && manifest) {
    options.onProgress?.({
      phase: 'download',
      loadedBytes: manifest.size,
      totalBytes: manifest.size,
      fromCache: true,
    });
    return { source: cache.open(manifest), name, url, origin: 'cache', cached: true };
  }

  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  let writer: CacheWriter | undefined;
  const memory: Uint8Array[] = [];

  /** Moves the chunks stored so far into memory and stops caching. */
  const fallBackToMemory = async (error: unknown, storedChunks: number): Promise<void> => {
    warn(`wgllm: cannot cache ${url} (${String(error)}); running it uncached from memory`);
    const current = writer!;
    writer = undefined;
    for (let i = 0; i < storedChunks; i++) memory[i] = await current.get(i);
    await current.abandon().catch(() => undefined);
  };

  const report = throttledProgress(options.onProgress, 'download', false);
  const file = await downloadChunks(
    url,
    chunkBytes,
    {
      start: ({ size, etag }) => {
        writer = cache?.writer(url, etag, size, chunkBytes);
      },
      chunk: async (index, bytes) => {
        if (writer) {
          try {
            await writer.put(index, bytes);
            return;
          } catch (error) {
            if (!isQuotaError(error)) throw error;
            await fallBackToMemory(error, index);
          }
        }
        memory[index] = bytes;
      },
      progress: report,
      ...(options.onHeader && { data: headerWatch(options.onHeader) }),
    },
    options,
  ).catch(async (error: unknown) => {
    // A failed or aborted download leaves no chunks behind.
    await writer?.abandon().catch(() => undefined);
    throw error;
  });

  if (writer) {
    try {
      const stored = await writer.commit();
      return { source: cache!.open(stored), name, url, origin: 'network', cached: true };
    } catch (error) {
      if (!isQuotaError(error)) throw error;
      await fallBackToMemory(error, Math.ceil(file.size / chunkBytes));
    }
  }
  const source = chunkedSource(file.size, chunkBytes, async (index) => memory[index]!);
  return { source, name, url, origin: 'network', cached: false };
}
