// A model's GGUF header without its weights: from the cache or a Blob as they are, from a URL by Range requests
// (the first of DEFAULT_PREFIX_BYTES, then as much again while the header runs past it: a large vocabulary's
// token strings take several MB). What the memory estimate reads before anything is downloaded.
import { blobSource, GgufError, type GgufHeader, openUrlSource, readGgufHeader } from '@wgllm/gguf';
import type { ModelCache } from '../cache/model-cache.ts';
import { NetworkError } from '../errors/errors.ts';
import { type ModelInput, resolveModelInput } from './resolve-model-input.ts';
import type { DownloadOptions } from './resumable-download.ts';

export interface HeaderReadOptions extends Pick<DownloadOptions, 'fetch' | 'headers'> {
  cache?: ModelCache;
  /** Bytes of the first Range request. */
  prefixBytes?: number;
}

export interface ModelHeader {
  header: GgufHeader;
  /** Default model id: the file name without `.gguf`. */
  name: string;
  /** File size, bytes. */
  sizeBytes: number;
}

export async function readModelHeader(
  input: ModelInput,
  options: HeaderReadOptions = {},
): Promise<ModelHeader> {
  const resolved = resolveModelInput(input);
  if (resolved.kind === 'blob') {
    const source = blobSource(resolved.blob);
    return { header: await readGgufHeader(source), name: resolved.name, sizeBytes: source.size };
  }
  const { url, name } = resolved;
  const manifest = await options.cache?.manifest(url);
  if (options.cache && manifest) {
    const source = options.cache.open(manifest);
    return { header: await readGgufHeader(source), name, sizeBytes: source.size };
  }
  const doFetch = options.fetch ?? fetch;
  const rangeOnly: typeof fetch = async (request, init) => {
    const response = await doFetch(request, init);
    if (response.status === 200) {
      await response.body?.cancel();
      throw new NetworkError(
        `${url} answered a Range request with the whole file: its header cannot be read alone`,
        {
          url,
          reason: 'no-range',
        },
      );
    }
    return response;
  };
  try {
    const source = await openUrlSource(url, {
      fetch: rangeOnly,
      ...(options.headers && { headers: options.headers }),
      ...(options.prefixBytes !== undefined && { prefixBytes: options.prefixBytes }),
    });
    return { header: await readGgufHeader(source), name, sizeBytes: source.size };
  } catch (error) {
    if (error instanceof GgufError && error.code === 'source')
      throw new NetworkError(error.message, { url }, { cause: error });
    if (error instanceof TypeError)
      throw new NetworkError(`GET ${url} failed: ${error.message}`, { url }, { cause: error });
    throw error;
  }
}
