// GGUF metadata value types as numbered in gguf.h (enum gguf_type).

export enum GgufValueType {
  UINT8 = 0,
  INT8 = 1,
  UINT16 = 2,
  INT16 = 3,
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
  UINT64 = 10,
  INT64 = 11,
  FLOAT64 = 12,
}

export type GgufNumericArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | BigUint64Array
  | BigInt64Array
  | Float64Array;

/** Numeric arrays are typed arrays (their class tells the GGUF item type); nested arrays are arrays of arrays. */
export type GgufArray = GgufNumericArray | string[] | boolean[] | GgufArray[];

/** u64 and i64 scalars are bigint; every other number is a JS number. */
export type GgufValue = number | bigint | boolean | string | GgufArray;

/** The GGUF type a metadata value was stored with (itemType only for arrays). */
export interface GgufValueTypeInfo {
  type: GgufValueType;
  itemType?: GgufValueType;
}

type NumericArrayConstructor = { new (length: number): GgufNumericArray; BYTES_PER_ELEMENT: number };

/** Typed array class for each fixed-size numeric type (BOOL is read as bytes, then mapped to booleans). */
export const numericArrayClasses: Partial<Record<GgufValueType, NumericArrayConstructor>> = {
  [GgufValueType.UINT8]: Uint8Array,
  [GgufValueType.INT8]: Int8Array,
  [GgufValueType.UINT16]: Uint16Array,
  [GgufValueType.INT16]: Int16Array,
  [GgufValueType.UINT32]: Uint32Array,
  [GgufValueType.INT32]: Int32Array,
  [GgufValueType.FLOAT32]: Float32Array,
  [GgufValueType.UINT64]: BigUint64Array,
  [GgufValueType.INT64]: BigInt64Array,
  [GgufValueType.FLOAT64]: Float64Array,
};

/** Size in bytes of a fixed-size value, or undefined for STRING and ARRAY. */
export function fixedValueSize(type: GgufValueType): number | undefined {
  if (type === GgufValueType.BOOL) return 1;
  return numericArrayClasses[type]?.BYTES_PER_ELEMENT;
}

export function isGgufValueType(value: number): value is GgufValueType {
  return Number.isInteger(value) && value >= 0 && value <= GgufValueType.FLOAT64;
}

/** GGUF item type of a typed array, from its class. */
export function numericArrayType(array: GgufNumericArray): GgufValueType {
  for (const [type, cls] of Object.entries(numericArrayClasses)) {
    if (array instanceof cls) return Number(type) as GgufValueType;
  }
  throw new TypeError('not a GGUF numeric array');
}
