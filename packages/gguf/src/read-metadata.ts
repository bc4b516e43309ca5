import type { ByteCursor } from './byte-cursor.ts';
import { GgufError } from './errors.ts';
import {
  fixedValueSize,
  type GgufArray,
  type GgufValue,
  GgufValueType,
  type GgufValueTypeInfo,
  isGgufValueType,
  numericArrayClasses,
} from './value-types.ts';

/** Nested arrays deeper than this are refused (llama.cpp refuses any nesting; we read a little). */
const MAX_ARRAY_DEPTH = 4;
/** Smallest encoding of one item, to reject counts the rest of the file could not hold. */
const STRING_MIN_BYTES = 8; // the u64 length
const ARRAY_MIN_BYTES = 12; // item type u32 + count u64

export function readValueType(cursor: ByteCursor, what: string): GgufValueType {
  const at = cursor.pos;
  const type = cursor.u32(what);
  if (!isGgufValueType(type))
    throw new GgufError('bad-type', at, `unknown GGUF value type ${type} in ${what}`);
  return type;
}

/** Reads one value of `type`; returns it with the item type for arrays. */
export function readValue(
  cursor: ByteCursor,
  type: GgufValueType,
  key: string,
  depth = 0,
): [GgufValue, GgufValueTypeInfo] {
  if (type !== GgufValueType.ARRAY) return [readScalar(cursor, type, key), { type }];
  if (depth >= MAX_ARRAY_DEPTH)
    throw new GgufError('too-deep', cursor.pos, `arrays nested too deep in ${key}`);
  const itemType = readValueType(cursor, `${key} item type`);
  const minItemBytes =
    fixedValueSize(itemType) ?? (itemType === GgufValueType.STRING ? STRING_MIN_BYTES : ARRAY_MIN_BYTES);
  const count = cursor.u64Bounded(
    `${key} count`,
    Math.floor((cursor.remaining - 8) / minItemBytes),
    'bad-count',
  );
  return [readArray(cursor, itemType, count, key, depth), { type, itemType }];
}

function readArray(
  cursor: ByteCursor,
  itemType: GgufValueType,
  count: number,
  key: string,
  depth: number,
): GgufValue {
  const numeric = numericArrayClasses[itemType];
  if (numeric) {
    // Copy, then view: the copy is aligned and does not keep the whole file alive.
    const bytes = cursor.copy(count * numeric.BYTES_PER_ELEMENT, key);
    return new (numeric as unknown as new (buffer: ArrayBuffer) => GgufValue)(bytes);
  }
  if (itemType === GgufValueType.BOOL) {
    return Array.from(new Uint8Array(cursor.copy(count, key)), (b) => b !== 0);
  }
  if (itemType === GgufValueType.STRING) {
    const strings: string[] = [];
    for (let i = 0; i < count; i++) strings.push(cursor.string(key));
    return strings;
  }
  const nested: GgufArray[] = [];
  for (let i = 0; i < count; i++) {
    const [inner] = readValue(cursor, GgufValueType.ARRAY, key, depth + 1);
    nested.push(inner as GgufArray);
  }
  return nested;
}

function readScalar(cursor: ByteCursor, type: GgufValueType, key: string): GgufValue {
  if (type === GgufValueType.STRING) return cursor.string(key);
  if (type === GgufValueType.BOOL) return cursor.u8(key) !== 0;
  const size = fixedValueSize(type) ?? 0;
  cursor.need(size, key);
  const view = new DataView(cursor.bytes.buffer, cursor.bytes.byteOffset + cursor.pos, size);
  cursor.pos += size;
  switch (type) {
    case GgufValueType.UINT8:
      return view.getUint8(0);
    case GgufValueType.INT8:
      return view.getInt8(0);
    case GgufValueType.UINT16:
      return view.getUint16(0, true);
    case GgufValueType.INT16:
      return view.getInt16(0, true);
    case GgufValueType.UINT32:
      return view.getUint32(0, true);
    case GgufValueType.INT32:
      return view.getInt32(0, true);
    case GgufValueType.FLOAT32:
      return view.getFloat32(0, true);
    case GgufValueType.UINT64:
      return view.getBigUint64(0, true);
    case GgufValueType.INT64:
      return view.getBigInt64(0, true);
    default:
      return view.getFloat64(0, true);
  }
}
