import { checkRange } from './check-range.ts';
import { readStreamInto } from './read-stream.ts';
import type { GgufSource, ProgressCallback } from './source.ts';

/** A Blob or File (in Node, `fs.openAsBlob(path)` gives one that reads lazily from disk). */
export function blobSource(blob: Blob): GgufSource {
  return {
    size: blob.size,
    async read(offset: number, length: number, onProgress?: ProgressCallback): Promise<Uint8Array> {
      checkRange(offset, length, blob.size);
      return readStreamInto(blob.slice(offset, offset + length).stream(), length, offset, onProgress);
    },
  };
}
