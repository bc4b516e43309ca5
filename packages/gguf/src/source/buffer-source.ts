import { checkRange } from './check-range.ts';
import type { GgufSource, ProgressCallback } from './source.ts';

/** A file already in memory; reads are views, no copy. */
export function bufferSource(buffer: ArrayBuffer | Uint8Array): GgufSource {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  return {
    size: bytes.length,
    async read(offset: number, length: number, onProgress?: ProgressCallback): Promise<Uint8Array> {
      checkRange(offset, length, bytes.length);
      onProgress?.(length, length);
      return bytes.subarray(offset, offset + length);
    },
  };
}
