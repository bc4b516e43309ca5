import type { ByteWriter } from './byte-writer.ts';
import { GgufError } from './errors.ts';
import {
  type GgufArray,
  type GgufValue,
  GgufValueType,
  type GgufValueTypeInfo,
  numericArrayType,
} from './value-types.ts';

/** A metadata value with its GGUF type spelled out (needed for numbers: u32, i32 and f32 all look alike). */
export interface GgufTypedValue extends GgufValueTypeInfo {
  value: GgufValue;
}

/** What a writer accepts: self-describing values as they are, numbers only with an explicit type. */
export type GgufMetadataInput = string | boolean | GgufArray | GgufTypedValue;

const typed =
  <V extends GgufValue>(type: GgufValueType) =>
  (value: V): GgufTypedValue => ({ type, value });

/** Constructors for typed values: `ggufValue.u32(5)`, `ggufValue.f32(1e-5)`, `ggufValue.u64(7n)`. */
export const ggufValue = {
  u8: typed<number>(GgufValueType.UINT8),
  i8: typed<number>(GgufValueType.INT8),
  u16: typed<number>(GgufValueType.UINT16),
  i16: typed<number>(GgufValueType.INT16),
  u32: typed<number>(GgufValueType.UINT32),
  i32: typed<number>(GgufValueType.INT32),
  f32: typed<number>(GgufValueType.FLOAT32),
  u64: typed<bigint>(GgufValueType.UINT64),
  i64: typed<bigint>(GgufValueType.INT64),
  f64: typed<number>(GgufValueType.FLOAT64),
};

/** The GGUF type of a self-describing value (anything but a bare number or bigint). */
export function inferValueType(value: GgufValue): GgufValueTypeInfo | undefined {
  if (typeof value === 'string') return { type: GgufValueType.STRING };
  if (typeof value === 'boolean') return { type: GgufValueType.BOOL };
  if (typeof value !== 'object') return undefined;
  if (!Array.isArray(value)) return { type: GgufValueType.ARRAY, itemType: numericArrayType(value) };
  const first = value[0];
  const itemType =
    typeof first === 'string'
      ? GgufValueType.STRING
      : typeof first === 'boolean'
        ? GgufValueType.BOOL
        : GgufValueType.ARRAY; // an empty plain array is written as an empty array of arrays
  return { type: GgufValueType.ARRAY, itemType };
}

export function toTypedValue(input: GgufMetadataInput, key: string): GgufTypedValue {
  if (typeof input === 'object' && 'value' in input && 'type' in input) return input;
  const info = inferValueType(input);
  if (!info) throw new GgufError('bad-value', -1, `metadata '${key}': give numbers an explicit type`);
  return { ...info, value: input };
}

const integerRanges: Partial<
  Record<GgufValueType, [number, number, (v: DataView, at: number, n: number) => void, number]>
> = {
  [GgufValueType.UINT8]: [0, 0xff, (v, at, n) => v.setUint8(at, n), 1],
  [GgufValueType.INT8]: [-0x80, 0x7f, (v, at, n) => v.setInt8(at, n), 1],
  [GgufValueType.UINT16]: [0, 0xffff, (v, at, n) => v.setUint16(at, n, true), 2],
  [GgufValueType.INT16]: [-0x8000, 0x7fff, (v, at, n) => v.setInt16(at, n, true), 2],
  [GgufValueType.UINT32]: [0, 0xffff_ffff, (v, at, n) => v.setUint32(at, n, true), 4],
  [GgufValueType.INT32]: [-0x8000_0000, 0x7fff_ffff, (v, at, n) => v.setInt32(at, n, true), 4],
};

function bad(key: string, why: string): GgufError {
  return new GgufError('bad-value', -1, `metadata '${key}': ${why}`);
}

/** Writes a value (without its type tag) after checking it fits `info`. */
export function writeValue(out: ByteWriter, info: GgufValueTypeInfo, value: GgufValue, key: string): void {
  const { type } = info;
  const range = integerRanges[type];
  if (range) {
    const [min, max, set, size] = range;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw bad(key, `${String(value)} is not a ${GgufValueType[type]}`);
    }
    out.scalar((v, at) => set(v, at, value), size);
    return;
  }
  switch (type) {
    case GgufValueType.FLOAT32:
    case GgufValueType.FLOAT64:
      if (typeof value !== 'number') throw bad(key, `${String(value)} is not a number`);
      if (type === GgufValueType.FLOAT32) out.scalar((v, at) => v.setFloat32(at, value, true), 4);
      else out.scalar((v, at) => v.setFloat64(at, value, true), 8);
      return;
    case GgufValueType.UINT64:
    case GgufValueType.INT64:
      writeBigInt(out, type, value, key);
      return;
    case GgufValueType.BOOL:
      if (typeof value !== 'boolean') throw bad(key, `${String(value)} is not a bool`);
      out.u8(value ? 1 : 0);
      return;
    case GgufValueType.STRING:
      if (typeof value !== 'string') throw bad(key, 'not a string');
      out.string(value);
      return;
    case GgufValueType.ARRAY:
      writeArray(out, info.itemType ?? inferValueType(value)?.itemType, value, key);
      return;
    default:
      throw bad(key, `unknown type ${type}`);
  }
}

function writeBigInt(out: ByteWriter, type: GgufValueType, value: GgufValue, key: string): void {
  const big = typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : value;
  const unsigned = type === GgufValueType.UINT64;
  if (typeof big !== 'bigint' || (unsigned ? BigInt.asUintN(64, big) : BigInt.asIntN(64, big)) !== big) {
    throw bad(key, `${String(value)} is not a ${GgufValueType[type]}`);
  }
  out.scalar((v, at) => (unsigned ? v.setBigUint64(at, big, true) : v.setBigInt64(at, big, true)), 8);
}

function writeArray(
  out: ByteWriter,
  itemType: GgufValueType | undefined,
  value: GgufValue,
  key: string,
): void {
  if (typeof value !== 'object' || itemType === undefined) throw bad(key, 'not an array');
  out.u32(itemType);
  out.u64(value.length);
  if (!Array.isArray(value)) {
    if (numericArrayType(value) !== itemType)
      throw bad(key, `typed array does not hold ${GgufValueType[itemType]}`);
    out.raw(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
    return;
  }
  for (const item of value) {
    if (itemType === GgufValueType.ARRAY) writeArray(out, inferValueType(item)?.itemType, item, key);
    else writeValue(out, { type: itemType }, item, key);
  }
}
