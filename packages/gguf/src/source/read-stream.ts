import { GgufError } from '../errors.ts';
import type { ProgressCallback } from './source.ts';

/** Reads exactly `length` bytes from a byte stream into one buffer, reporting progress per chunk. */
export async function readStreamInto(
  stream: ReadableStream<Uint8Array>,
  length: number,
  offset: number,
  onProgress?: ProgressCallback,
): Promise<Uint8Array> {
  const out = new Uint8Array(length);
  const reader = stream.getReader();
  let loaded = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (loaded + value.length > length) {
        throw new GgufError('source', offset + loaded, `source sent more than the ${length} bytes asked for`);
      }
      out.set(value, loaded);
      loaded += value.length;
      onProgress?.(loaded, length);
    }
  } finally {
    reader.releaseLock();
  }
  if (loaded !== length) {
    throw new GgufError('source', offset + loaded, `source sent ${loaded} of the ${length} bytes asked for`);
  }
  return out;
}
