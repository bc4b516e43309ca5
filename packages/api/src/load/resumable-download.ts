// Downloads a file with one Range request, cut into fixed-size chunks as it arrives. After a network error it
// asks again from the last byte received (`Range: bytes=N-`, `If-Range: <etag>`), never from zero, unless the
// server answers 200 (no Range support, or the file changed), which restarts the file.
import { AbortedError, NetworkError } from '../errors/errors.ts';

export interface DownloadOptions {
  fetch?: typeof fetch;
  /** Extra request headers (e.g. Authorization). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Failed attempts in a row (none delivering a byte) before giving up. */
  maxRetries?: number;
  /** Wait before the first retry, ms; doubles on each failure in a row, up to 8 s. */
  retryDelayMs?: number;
}

export interface FileIdentity {
  /** Bytes. */
  size: number;
  etag: string | null;
}

export interface DownloadSink {
  /** Called once, from the first response, before any chunk. */
  start(file: FileIdentity): Promise<void> | void;
  /** Chunk `index` holds bytes [index * chunkBytes, ...); awaited, so a slow sink slows the download. */
  chunk(index: number, bytes: Uint8Array): Promise<void>;
  /** Bytes received so far of the file's total. */
  progress(receivedBytes: number, totalBytes: number): void;
  /**
   * Each piece of the body as it arrives, at its byte offset in the file (from 0 again after a restart);
   * awaited, and a throw ends the download as a chunk's does.
   */
  data?(offset: number, bytes: Uint8Array, totalBytes: number): Promise<void> | void;
}

const MAX_RETRY_DELAY_MS = 8000;

/** Errors thrown by the sink are not the network's: they end the download at once. */
class SinkFailure {
  constructor(readonly error: unknown) {}
}

function parseContentRange(header: string | null): { start: number; total: number } | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+)$/.exec(header?.trim() ?? '');
  return match?.[1] && match[2] ? { start: Number(match[1]), total: Number(match[2]) } : undefined;
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    const wakeEarly = (): void => {
      clearTimeout(timer);
      resolve();
    };
    signal?.addEventListener('abort', wakeEarly, { once: true });
  });
}

export async function downloadChunks(
  url: string,
  chunkBytes: number,
  sink: DownloadSink,
  options: DownloadOptions = {},
): Promise<FileIdentity> {
  const doFetch = options.fetch ?? fetch;
  const maxRetries = options.maxRetries ?? 5;
  const retryDelayMs = options.retryDelayMs ?? 500;
  const { signal } = options;

  let file: FileIdentity | undefined;
  let received = 0;
  let chunk = new Uint8Array(0);
  let chunkFill = 0;
  let failures = 0;

  const restart = (): void => {
    received = 0;
    chunkFill = 0;
  };
  const deliver = async (bytes: Uint8Array): Promise<void> => {
    const size = file!.size;
    for (let at = 0; at < bytes.length; ) {
      if (chunkFill === 0) chunk = new Uint8Array(Math.min(chunkBytes, size - received));
      const take = Math.min(chunk.length - chunkFill, bytes.length - at);
      chunk.set(bytes.subarray(at, at + take), chunkFill);
      chunkFill += take;
      received += take;
      at += take;
      if (chunkFill === chunk.length) {
        chunkFill = 0;
        try {
          await sink.chunk(Math.floor((received - 1) / chunkBytes), chunk);
        } catch (error) {
          throw new SinkFailure(error);
        }
      }
    }
  };

  for (;;) {
    if (signal?.aborted) throw new AbortedError(`download of ${url} aborted`);
    let progressed = false;
    try {
      const headers: Record<string, string> = { ...options.headers, Range: `bytes=${received}-` };
      if (received > 0 && file?.etag && !file.etag.startsWith('W/')) headers['If-Range'] = file.etag;
      const init: RequestInit = { headers };
      if (signal) init.signal = signal;
      const response = await doFetch(url, init);
      if (!response.ok) {
        const error = new NetworkError(`GET ${url} answered ${response.status}`, { status: response.status });
        if (!isRetryableStatus(response.status)) throw new SinkFailure(error);
        throw error;
      }
      const etag = response.headers.get('etag');
      let total: number;
      if (response.status === 206) {
        const range = parseContentRange(response.headers.get('content-range'));
        if (!range) throw new SinkFailure(new NetworkError(`GET ${url}: 206 without a usable Content-Range`));
        if (range.start !== received) {
          throw new SinkFailure(
            new NetworkError(`GET ${url}: asked for byte ${received}, got ${range.start}`),
          );
        }
        total = range.total;
      } else {
        const length = response.headers.get('content-length');
        if (length === null) throw new SinkFailure(new NetworkError(`GET ${url}: the file size is unknown`));
        total = Number(length);
        restart();
      }
      if (!file) {
        file = { size: total, etag };
        try {
          await sink.start(file);
        } catch (error) {
          throw new SinkFailure(error);
        }
      } else if (file.size !== total || (file.etag !== null && etag !== null && file.etag !== etag)) {
        throw new SinkFailure(new NetworkError(`${url} changed on the server during the download`));
      }
      if (!response.body) throw new SinkFailure(new NetworkError(`GET ${url}: the response has no body`));
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          if (value.length > 0) {
            progressed = true;
            failures = 0;
          }
          try {
            await sink.data?.(received, value, total);
          } catch (error) {
            throw new SinkFailure(error);
          }
          await deliver(value);
          sink.progress(received, total);
        }
      } catch (error) {
        // The rest of the body is not wanted (a refused model) or not coming (a cut): stop the transfer.
        reader.cancel().catch(() => undefined);
        throw error;
      }
      if (received === total) return file;
      throw new NetworkError(`GET ${url}: the body ended at byte ${received} of ${total}`);
    } catch (error) {
      if (error instanceof SinkFailure) throw error.error;
      if (signal?.aborted) throw new AbortedError(`download of ${url} aborted`, {}, { cause: error });
      if (!progressed) failures++;
      if (failures > maxRetries) {
        throw error instanceof NetworkError
          ? error
          : new NetworkError(`download of ${url} failed after ${maxRetries} retries`, {}, { cause: error });
      }
      await sleep(Math.min(retryDelayMs * 2 ** Math.max(0, failures - 1), MAX_RETRY_DELAY_MS), signal);
    }
  }
}
