import { describe, expect, it } from 'vitest';
import { dequantize, isDequantizable, isQuantizable, quantize, quantizeChunk } from './convert.ts';
import { GgmlType } from './ggml-types.ts';
import { edgeCaseBlocks } from './testing/edge-case-inputs.ts';

describe('quantize / dequantize entry points', () => {
  it('report the supported types', () => {
    const supported = [
      GgmlType.F32,
      GgmlType.F16,
      GgmlType.BF16,
      GgmlType.Q8_0,
      GgmlType.Q4_0,
      GgmlType.Q4_1,
      GgmlType.Q5_0,
      GgmlType.Q5_1,
      GgmlType.Q2_K,
      GgmlType.Q3_K,
      GgmlType.Q4_K,
      GgmlType.Q5_K,
      GgmlType.Q6_K,
      GgmlType.IQ4_NL,
    ];
    for (const type of supported) {
      expect(isQuantizable(type)).toBe(true);
      expect(isDequantizable(type)).toBe(true);
    }
    expect(isQuantizable(GgmlType.IQ2_XXS)).toBe(false);
    expect(isDequantizable(GgmlType.Q8_K)).toBe(false);
  });

  it('size outputs from the block layout', () => {
    expect(quantize(GgmlType.Q4_K, new Float32Array(512)).length).toBe(288);
    expect(quantize(GgmlType.Q8_0, new Float32Array(64)).length).toBe(68);
    expect(dequantize(GgmlType.Q6_K, new Uint8Array(210), 256).length).toBe(256);
  });

  it('reject partial blocks, short data and unsupported types', () => {
    expect(() => quantize(GgmlType.Q4_0, new Float32Array(33))).toThrow(/multiple of the block size 32/);
    expect(() => dequantize(GgmlType.Q5_K, new Uint8Array(175), 256)).toThrow(/need 176 bytes/);
    expect(() => quantize(GgmlType.IQ2_XXS, new Float32Array(256))).toThrow(/cannot quantize/);
  });

  it('reads blocks at any byte offset', () => {
    const values = Float32Array.from({ length: 64 }, (_, i) => Math.sin(i));
    const bytes = quantize(GgmlType.Q5_1, values);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(dequantize(GgmlType.Q5_1, shifted.subarray(3), 64)).toEqual(dequantize(GgmlType.Q5_1, bytes, 64));
  });

  it('quantizeChunk differs from quantize only for IQ4_NL', () => {
    const values = edgeCaseBlocks(256, 4, 9);
    expect(quantizeChunk(GgmlType.Q4_K, values)).toEqual(quantize(GgmlType.Q4_K, values));
    expect(quantizeChunk(GgmlType.IQ4_NL, values)).not.toEqual(quantize(GgmlType.IQ4_NL, values));
  });
});
