import { type GgmlBlockTypeName, loadGgmlReference } from '@wgllm/oracle';
import { describe, expect, it } from 'vitest';
import { dequantize, quantize, quantizeChunk } from './convert.ts';
import { blockLayouts, GgmlType, tensorBytes } from './ggml-types.ts';
import { f32BitMismatches, mismatches } from './testing/bit-mismatches.ts';
import { edgeCaseBlocks } from './testing/edge-case-inputs.ts';

const ggml = loadGgmlReference();

const cases: readonly [GgmlType, GgmlBlockTypeName][] = [
  [GgmlType.Q8_0, 'q8_0'],
  [GgmlType.Q4_0, 'q4_0'],
  [GgmlType.Q4_1, 'q4_1'],
  [GgmlType.Q5_0, 'q5_0'],
  [GgmlType.Q5_1, 'q5_1'],
  [GgmlType.IQ4_NL, 'iq4_nl'],
  [GgmlType.Q2_K, 'q2_K'],
  [GgmlType.Q3_K, 'q3_K'],
  [GgmlType.Q4_K, 'q4_K'],
  [GgmlType.Q5_K, 'q5_K'],
  [GgmlType.Q6_K, 'q6_K'],
];

describe.each(cases)('%s matches ggml', (type, name) => {
  const { blockSize } = blockLayouts[type];
  const blocks = blockSize === 256 ? 150 : 600; // 10 and 40 passes over the edge cases

  it('quantize: same bytes as quantize_row_ref', () => {
    for (const seed of [1, 2, 3]) {
      const values = edgeCaseBlocks(blockSize, blocks, seed);
      const expected = new Uint8Array(tensorBytes(type, values.length));
      ggml.quantizeRow(name, values, expected);
      expect(mismatches(quantize(type, values), expected)).toEqual([]);
    }
  });

  it('quantizeChunk: same bytes as ggml_quantize_chunk without imatrix (3 rows)', () => {
    const values = edgeCaseBlocks(blockSize, blocks, 5);
    const expected = new Uint8Array(tensorBytes(type, values.length));
    ggml.quantizeChunk(type, values, 3, expected);
    expect(mismatches(quantizeChunk(type, values), expected)).toEqual([]);
  });

  it('dequantize: same f32 bits as dequantize_row, for quantized and random bytes', () => {
    const values = edgeCaseBlocks(blockSize, blocks, 4);
    const quantized = new Uint8Array(tensorBytes(type, values.length));
    ggml.quantizeRow(name, values, quantized);
    const randomBytes = new Uint8Array(quantized.length).map((_, i) => (i * 2654435761) >>> 24);
    for (const data of [quantized, randomBytes]) {
      const expected = new Float32Array(values.length);
      ggml.dequantizeRow(name, data, expected);
      expect(f32BitMismatches(dequantize(type, data, values.length), expected)).toEqual([]);
    }
  });
});
