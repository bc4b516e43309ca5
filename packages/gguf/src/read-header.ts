import { GgufError } from './errors.ts';
import type { GgufHeader, GgufTensorInfo } from './header.ts';
import { parseGgufPrefix } from './parse.ts';
import type { GgufSource, ProgressCallback } from './source/source.ts';
import { DEFAULT_PREFIX_BYTES } from './source/url-source.ts';

/**
 * Reads and parses the header from a source: fetches a prefix, and while the header runs past it,
 * fetches as much again (only the new bytes) and retries. Tensor data is not read.
 */
export async function readGgufHeader(
  source: GgufSource,
  prefixBytes = DEFAULT_PREFIX_BYTES,
): Promise<GgufHeader> {
  let prefix = await source.read(0, Math.min(prefixBytes, source.size));
  for (;;) {
    try {
      return parseGgufPrefix(prefix, source.size);
    } catch (error) {
      if (!(error instanceof GgufError && error.code === 'truncated') || prefix.length >= source.size)
        throw error;
    }
    const grown = new Uint8Array(Math.min(prefix.length * 2, source.size));
    grown.set(prefix);
    grown.set(await source.read(prefix.length, grown.length - prefix.length), prefix.length);
    prefix = grown;
  }
}

export interface TensorChunk {
  tensor: GgufTensorInfo;
  /** The tensor's bytes (a view into a batch; copy it to keep it past the next iteration's upload). */
  data: Uint8Array;
}

/**
 * Streams tensor data in file order, in reads of about `batchBytes` (a bigger tensor is read alone), so a
 * caller can upload each tensor while the rest downloads. onProgress counts bytes of all tensor data.
 */
export async function* readTensors(
  source: GgufSource,
  header: GgufHeader,
  onProgress?: ProgressCallback,
  batchBytes = 64 * 1024 * 1024,
): AsyncGenerator<TensorChunk> {
  const ordered = [...header.tensors].sort((a, b) => a.offset - b.offset);
  const total = ordered.reduce((sum, t) => sum + t.byteLength, 0);
  let done = 0;
  for (let first = 0; first < ordered.length; ) {
    const start = ordered[first]!.offset;
    let last = first;
    while (
      last + 1 < ordered.length &&
      ordered[last + 1]!.offset + ordered[last + 1]!.byteLength - start <= batchBytes
    )
      last++;
    const end = ordered[last]!.offset + ordered[last]!.byteLength;
    const batchTensorBytes = ordered.slice(first, last + 1).reduce((sum, t) => sum + t.byteLength, 0);
    const span = end - start;
    const bytes = await source.read(header.dataOffset + start, span, (loaded) =>
      onProgress?.(done + (span === 0 ? 0 : Math.round((loaded / span) * batchTensorBytes)), total),
    );
    done += batchTensorBytes;
    for (let i = first; i <= last; i++) {
      const tensor = ordered[i]!;
      yield {
        tensor,
        data: bytes.subarray(tensor.offset - start, tensor.offset - start + tensor.byteLength),
      };
    }
    first = last + 1;
  }
}
