// Fast element-wise comparison for the bit-exactness tests (vitest's deep equality is slow on big arrays).

type IntArray = Uint8Array | Uint16Array | Uint32Array;

/** Up to `limit` "index: actual != expected" lines for the elements that differ; empty when equal. */
export function mismatches(actual: IntArray, expected: IntArray, limit = 8): string[] {
  const lines: string[] = [];
  if (actual.length !== expected.length) return [`length ${actual.length} != ${expected.length}`];
  for (let i = 0; i < actual.length && lines.length < limit; i++) {
    if (actual[i] !== expected[i]) lines.push(`${i}: ${actual[i]} != ${expected[i]}`);
  }
  return lines;
}

/** Like `mismatches` on f32 bit patterns, but every NaN equals every other NaN. */
export function f32BitMismatches(actual: Float32Array, expected: Float32Array, limit = 8): string[] {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  const lines: string[] = [];
  if (a.length !== e.length) return [`length ${a.length} != ${e.length}`];
  for (let i = 0; i < a.length && lines.length < limit; i++) {
    if (a[i] !== e[i] && !(Number.isNaN(actual[i]) && Number.isNaN(expected[i]))) {
      lines.push(`${i}: ${actual[i]} != ${expected[i]}`);
    }
  }
  return lines;
}
