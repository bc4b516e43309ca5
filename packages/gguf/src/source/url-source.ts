import { GgufError } from '../errors.ts';
import { bufferSource } from './buffer-source.ts';
import { checkRange } from './check-range.ts';
import { readStreamInto } from './read-stream.ts';
import type { GgufSource, ProgressCallback } from './source.ts';

/** Bytes fetched by the first request; most headers fit (a 32k-token vocab takes about 0.7 MiB). */
export const DEFAULT_PREFIX_BYTES = 256 * 1024;

export interface UrlSourceOptions {
  /** Bytes of the first Range request, kept and served to later reads inside it. */
  prefixBytes?: number;
  /** Extra request headers (e.g. Authorization). */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/**
 * An HTTP(S) file read with Range requests. The first request fetches a prefix and learns the file size
 * from Content-Range; a server that ignores Range (status 200) gets the whole file read once, in memory.
 */
export async function openUrlSource(url: string, options: UrlSourceOptions = {}): Promise<GgufSource> {
  const doFetch = options.fetch ?? fetch;
  const prefixBytes = options.prefixBytes ?? DEFAULT_PREFIX_BYTES;
  const get = (start: number, length: number): Promise<Response> =>
    doFetch(url, { headers: { ...options.headers, Range: `bytes=${start}-${start + length - 1}` } });

  const first = await get(0, prefixBytes);
  if (first.status === 200) return bufferSource(new Uint8Array(await first.arrayBuffer()));
  const size = totalFromContentRange(first, url);
  const prefix = await readBody(first, Math.min(prefixBytes, size), 0);

  return {
    size,
    async read(offset: number, length: number, onProgress?: ProgressCallback): Promise<Uint8Array> {
      checkRange(offset, length, size);
      if (offset + length <= prefix.length) {
        onProgress?.(length, length);
        return prefix.subarray(offset, offset + length);
      }
      if (length === 0) return new Uint8Array(0);
      const response = await get(offset, length);
      if (response.status !== 206) {
        throw new GgufError('source', offset, `GET ${url} with Range answered ${response.status}, not 206`);
      }
      return readBody(response, length, offset, onProgress);
    },
  };
}

function totalFromContentRange(response: Response, url: string): number {
  if (response.status !== 206) throw new GgufError('source', 0, `GET ${url} answered ${response.status}`);
  const match = /\/(\d+)\s*$/.exec(response.headers.get('content-range') ?? '');
  if (!match?.[1])
    throw new GgufError('source', 0, `GET ${url}: no file size in Content-Range (is it exposed by CORS?)`);
  return Number(match[1]);
}

async function readBody(
  response: Response,
  length: number,
  offset: number,
  onProgress?: ProgressCallback,
): Promise<Uint8Array> {
  if (!response.body) throw new GgufError('source', offset, 'response has no body');
  return readStreamInto(response.body, length, offset, onProgress);
}
