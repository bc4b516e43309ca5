import { GgufError } from './errors.ts';
import type { GgufHeader, GgufTensorInfo } from './header.ts';

/** A view (no copy) of one tensor's bytes inside the whole file held in `buffer`. */
export function tensorData(
  header: GgufHeader,
  buffer: ArrayBuffer | Uint8Array,
  tensor: GgufTensorInfo,
): Uint8Array {
  const file = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  const start = header.dataOffset + tensor.offset;
  if (start + tensor.byteLength > file.length) {
    throw new GgufError('out-of-range', start, `tensor '${tensor.name}' data is past the end of the buffer`);
  }
  return file.subarray(start, start + tensor.byteLength);
}

/** Looks a tensor up by name. */
export function findTensor(header: GgufHeader, name: string): GgufTensorInfo | undefined {
  return header.tensors.find((t) => t.name === name);
}
