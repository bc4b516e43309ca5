import type { GgufSource, ProgressCallback } from '@wgllm/gguf';

/**
 * A GgufSource over a file stored as fixed-size chunks (`getChunk(i)` holds bytes [i * chunkBytes, ...)).
 * Keeps the last chunk read: tensors are read in file order, so most reads land in the chunk just fetched.
 */
export function chunkedSource(
  size: number,
  chunkBytes: number,
  getChunk: (index: number) => Promise<Uint8Array>,
): GgufSource {
  let last: { index: number; bytes: Uint8Array } | undefined;
  const chunk = async (index: number): Promise<Uint8Array> => {
    if (last?.index !== index) last = { index, bytes: await getChunk(index) };
    return last.bytes;
  };
  return {
    size,
    async read(offset: number, length: number, onProgress?: ProgressCallback): Promise<Uint8Array> {
      if (offset < 0 || length < 0 || offset + length > size) {
        throw new RangeError(`read [${offset}, ${offset + length}) outside a ${size}-byte file`);
      }
      const first = Math.floor(offset / chunkBytes);
      const inFirst = offset - first * chunkBytes;
      if (inFirst + length <= chunkBytes) {
        const bytes = (await chunk(first)).subarray(inFirst, inFirst + length);
        onProgress?.(length, length);
        return bytes;
      }
      const out = new Uint8Array(length);
      for (let done = 0; done < length; ) {
        const at = offset + done;
        const index = Math.floor(at / chunkBytes);
        const from = at - index * chunkBytes;
        const piece = (await chunk(index)).subarray(from, from + length - done);
        out.set(piece, done);
        done += piece.length;
        onProgress?.(done, length);
      }
      return out;
    },
  };
}
