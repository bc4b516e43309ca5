import { loadGgmlReference } from '@wgllm/oracle';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/seeded-random.ts';
import { bf16BitsToF32, f32ToBf16Bits } from './bf16.ts';
import { dequantize, quantize } from './convert.ts';
import { f16BitsToF32, f32ToF16Bits } from './f16.ts';
import { GgmlType } from './ggml-types.ts';
import { mismatches } from './testing/bit-mismatches.ts';

const ggml = loadGgmlReference();

/** Every uint16 bit pattern. */
const allHalfBits = Uint16Array.from({ length: 0x10000 }, (_, i) => i);

/** f32 bit patterns: specials, values at and around every fp16/bf16 rounding halfway point, and random bits. */
function f32TestBits(): Uint32Array {
  const bits: number[] = [0x00000000, 0x80000000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7f800001];
  bits.push(0x7fbfffff, 0xffffffff, 0x00000001, 0x807fffff, 0x7f7fffff, 0x477fefff, 0x477ff000, 0x477fe000);
  for (let h = 0; h < 0x10000; h += 7) {
    const f16Halfway = (h << 13) | 0x1000; // halfway between two adjacent fp16 mantissas (normal range)
    const bf16Halfway = (h << 16) | 0x8000; // halfway between two adjacent bf16 values
    for (const base of [f16Halfway, bf16Halfway, 0x33000000 + h * 64, 0x38800000 - h * 8]) {
      bits.push(base - 1, base, base + 1);
    }
  }
  const random = seededRandom(7);
  for (let i = 0; i < 50_000; i++) bits.push(Math.floor(random() * 4294967296));
  return Uint32Array.from(bits, (b) => b >>> 0);
}

function asF32(bits: Uint32Array): Float32Array {
  return new Float32Array(bits.buffer, bits.byteOffset, bits.length);
}

function asBits(values: Float32Array): Uint32Array {
  return new Uint32Array(values.buffer, values.byteOffset, values.length);
}

function halfBytes(bits: Uint16Array): Uint8Array {
  return new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
}

type RowToF32 = (bits: Uint16Array, out: Float32Array) => void;
type RowFromF32 = (values: Float32Array, out: Uint16Array) => void;

/** Each half format with ggml's row conversions (fp32_to_bf16 is the _ref one). */
const halfFormats: [string, GgmlType, RowToF32, RowFromF32][] = [
  ['F16', GgmlType.F16, (b, o) => ggml.fp16ToFp32Row(b, o), (v, o) => ggml.fp32ToFp16Row(v, o)],
  ['BF16', GgmlType.BF16, (b, o) => ggml.bf16ToFp32Row(b, o), (v, o) => ggml.fp32ToBf16Row(v, o)],
];

describe.each(halfFormats)('%s matches ggml', (_name, type, ggmlToF32, ggmlFromF32) => {
  it('dequantize: every bit pattern gives the same f32 bits as the ggml row conversion', () => {
    const expected = new Float32Array(allHalfBits.length);
    ggmlToF32(allHalfBits, expected);
    const actual = dequantize(type, halfBytes(allHalfBits), allHalfBits.length);
    expect(mismatches(asBits(actual), asBits(expected))).toEqual([]);
  });

  it('quantize: same bits as the ggml row conversion (halfway cases, subnormals, NaN, Inf)', () => {
    const inputs = asF32(f32TestBits());
    const expected = new Uint16Array(inputs.length);
    ggmlFromF32(inputs, expected);
    expect(mismatches(quantize(type, inputs), halfBytes(expected))).toEqual([]);
  });
});

describe('half-float scalar helpers', () => {
  it('F16 agrees with the row conversions', () => {
    expect(f32ToF16Bits(65520)).toBe(0x7c00); // rounds up to Inf
    expect(f32ToF16Bits(65519.996)).toBe(0x7bff);
    expect(f32ToF16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie to even (down)
    expect(f32ToF16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // tie to even (up)
    expect(f32ToF16Bits(Number.NaN) & 0x7fff).toBe(0x7e00);
    expect(f16BitsToF32(0x0001)).toBe(2 ** -24);
    expect(f16BitsToF32(0xfc00)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('BF16', () => {
    expect(f32ToBf16Bits(1 + 2 ** -8)).toBe(0x3f80); // tie to even (down)
    expect(f32ToBf16Bits(1 + 3 * 2 ** -8)).toBe(0x3f82); // tie to even (up)
    expect(f32ToBf16Bits(Number.POSITIVE_INFINITY)).toBe(0x7f80);
    expect(f32ToBf16Bits(Number.NaN) & 0x7fc0).toBe(0x7fc0);
    expect(bf16BitsToF32(0xc040)).toBe(-3);
  });
});

describe('F32', () => {
  it('round-trips bit patterns from unaligned bytes', () => {
    const inputs = asF32(f32TestBits().subarray(0, 1001));
    const bytes = new Uint8Array(inputs.byteLength + 1);
    bytes.set(quantize(GgmlType.F32, inputs), 1);
    expect(
      mismatches(asBits(dequantize(GgmlType.F32, bytes.subarray(1), inputs.length)), asBits(inputs)),
    ).toEqual([]);
  });
});
