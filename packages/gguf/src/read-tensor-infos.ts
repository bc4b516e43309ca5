import type { ByteCursor } from './byte-cursor.ts';
import { GgufError } from './errors.ts';
import type { GgufTensorInfo } from './header.ts';
import { MAX_DIMS, MAX_NAME_BYTES } from './header.ts';
import { blockLayouts, isGgmlType, tensorBytes } from './quant/ggml-types.ts';

const utf8 = new TextEncoder();

/** A tensor info plus where in the file its fields were, for error offsets. */
export interface LocatedTensorInfo {
  info: GgufTensorInfo;
  /** Byte offset of the tensor's offset field. */
  offsetFieldAt: number;
}

export function readTensorInfo(cursor: ByteCursor, seen: Set<string>): LocatedTensorInfo {
  const nameAt = cursor.pos;
  const name = cursor.string('tensor name');
  if (seen.has(name)) throw new GgufError('duplicate-tensor', nameAt, `duplicate tensor name '${name}'`);
  if (utf8.encode(name).length > MAX_NAME_BYTES) {
    throw new GgufError('bad-tensor', nameAt, `tensor name '${name}' longer than ${MAX_NAME_BYTES} bytes`);
  }
  seen.add(name);

  const dimsAt = cursor.pos;
  const nDims = cursor.u32(`${name} n_dims`);
  if (nDims > MAX_DIMS)
    throw new GgufError('bad-tensor', dimsAt, `tensor '${name}' has ${nDims} > ${MAX_DIMS} dims`);
  const shape: number[] = [];
  let elements = 1;
  for (let d = 0; d < nDims; d++) {
    const at = cursor.pos;
    const dim = cursor.u64Bounded(`${name} dim ${d}`, Number.MAX_SAFE_INTEGER, 'bad-tensor');
    elements *= dim;
    if (elements > Number.MAX_SAFE_INTEGER) {
      throw new GgufError('bad-tensor', at, `tensor '${name}' has too many elements`);
    }
    shape.push(dim);
  }

  const typeAt = cursor.pos;
  const type = cursor.u32(`${name} type`);
  if (!isGgmlType(type))
    throw new GgufError('bad-type', typeAt, `tensor '${name}' has unknown ggml type ${type}`);
  const rowLength = shape[0] ?? 1;
  if (rowLength % blockLayouts[type].blockSize !== 0) {
    throw new GgufError(
      'bad-tensor',
      typeAt,
      `tensor '${name}' row of ${rowLength} is not a whole number of ${blockLayouts[type].blockSize}-element blocks`,
    );
  }

  const offsetFieldAt = cursor.pos;
  const offset = cursor.u64Bounded(`${name} offset`, Number.MAX_SAFE_INTEGER, 'out-of-range');
  return { info: { name, type, shape, offset, byteLength: tensorBytes(type, elements) }, offsetFieldAt };
}
