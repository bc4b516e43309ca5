import { GgufError } from './errors.ts';
import type { GgufHeader } from './header.ts';
import type { GgufArray, GgufValue } from './value-types.ts';

// Typed metadata getters. `getX` returns undefined when the key is absent and throws GgufError 'bad-value'
// when it holds another type; `expectX` also throws 'missing-key' when absent. Integer getters accept any
// GGUF integer type (converters disagree on u32 vs i32 for counts) as long as the value fits.

type Header = Pick<GgufHeader, 'metadata'>;
type Convert<T> = (value: GgufValue) => T | undefined;

function getter<T>(kind: string, convert: Convert<T>) {
  return (header: Header, key: string): T | undefined => {
    const value = header.metadata.get(key);
    if (value === undefined) return undefined;
    const converted = convert(value);
    if (converted === undefined) throw new GgufError('bad-value', -1, `metadata '${key}' is not ${kind}`);
    return converted;
  };
}

function expecter<T>(get: (header: Header, key: string) => T | undefined) {
  return (header: Header, key: string): T => {
    const value = get(header, key);
    if (value === undefined) throw new GgufError('missing-key', -1, `metadata '${key}' is missing`);
    return value;
  };
}

function toNumber(value: GgufValue): number | undefined {
  if (typeof value === 'number') return value;
  if (
    typeof value === 'bigint' &&
    value >= BigInt(Number.MIN_SAFE_INTEGER) &&
    value <= BigInt(Number.MAX_SAFE_INTEGER)
  ) {
    return Number(value);
  }
  return undefined;
}

function integerIn(min: number, max: number): Convert<number> {
  return (value) => {
    const n = toNumber(value);
    return n !== undefined && Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };
}

const isArray = (value: GgufValue): value is GgufArray => typeof value === 'object';

export const getString = getter('a string', (v) => (typeof v === 'string' ? v : undefined));
export const getBool = getter('a bool', (v) => (typeof v === 'boolean' ? v : undefined));
/** Any numeric type as a JS number (u64/i64 only when safe). */
export const getNumber = getter('a number', toNumber);
export const getF32 = getNumber;
export const getU32 = getter('a u32', integerIn(0, 0xffff_ffff));
export const getI32 = getter('an i32', integerIn(-0x8000_0000, 0x7fff_ffff));
export const getArray = getter('an array', (v) => (isArray(v) ? v : undefined));
export const getStringArray = getter('a string array', (v) =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined,
);

export const expectString = expecter(getString);
export const expectBool = expecter(getBool);
export const expectNumber = expecter(getNumber);
export const expectF32 = expectNumber;
export const expectU32 = expecter(getU32);
export const expectI32 = expecter(getI32);
export const expectArray = expecter(getArray);
export const expectStringArray = expecter(getStringArray);

/** general.architecture, e.g. "llama". */
export function architecture(header: Header): string | undefined {
  return getString(header, 'general.architecture');
}

/** Key of an architecture-scoped hyperparameter: archKey(header, 'block_count') = "llama.block_count". */
export function archKey(header: Header, suffix: string): string {
  return `${expectString(header, 'general.architecture')}.${suffix}`;
}
