// The GGUF header of a file being downloaded, parsed from its first bytes as they stream in, so a load can
// refuse a model (too large, invalid) after its header and before its weights: no request of its own.
import { GgufError, type GgufHeader, parseGgufPrefix } from '@wgllm/gguf';

/** Bytes gathered before the first parse; each later try waits for twice as many (no quadratic re-parsing). */
const FIRST_TRY_BYTES = 256 * 1024;

/**
 * A DownloadSink `data` callback that calls `onHeader` once, when the header has arrived whole; a malformed
 * header throws its GgufError (ending the download).
 */
export function headerWatch(
  onHeader: (header: GgufHeader, fileBytes: number) => Promise<void> | void,
): (offset: number, bytes: Uint8Array, totalBytes: number) => Promise<void> {
  let pieces: Uint8Array[] = [];
  let gathered = 0;
  let nextTry = FIRST_TRY_BYTES;
  let done = false;
  return async (offset, bytes, totalBytes) => {
    if (done) return;
    if (offset === 0) {
      // A restarted download: start over.
      pieces = [];
      gathered = 0;
    }
    pieces.push(bytes.slice());
    gathered += bytes.length;
    if (gathered < Math.min(nextTry, totalBytes)) return;
    const prefix = new Uint8Array(gathered);
    let at = 0;
    for (const piece of pieces) {
      prefix.set(piece, at);
      at += piece.length;
    }
    pieces = [prefix];
    let header: GgufHeader;
    try {
      header = parseGgufPrefix(prefix, totalBytes);
    } catch (error) {
      if (error instanceof GgufError && error.code === 'truncated' && gathered < totalBytes) {
        nextTry = 2 * gathered;
        return;
      }
      throw error;
    }
    done = true;
    pieces = [];
    await onHeader(header, totalBytes);
  };
}
