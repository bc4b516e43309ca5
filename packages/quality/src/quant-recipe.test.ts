// llama.cpp's Q4_K_M mix on a hybrid's layout: V tensors are numbered among themselves (LFM2's conv layers
// have none) and short-conv kernels are left as they are (llama-quant.cpp's tensor_allows_quantization).
import { GgmlType } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { resolveFileType } from './file-types.ts';
import { chooseTensorTypes } from './quant-recipe.ts';

const tensor = (name: string, shape: number[]) => ({ name, type: GgmlType.F32, shape });
const typesOf = (tensors: ReturnType<typeof tensor>[]) =>
  Object.fromEntries(
    chooseTensorTypes({ nLayer: 3, nHead: 16, nHeadKv: 8, tensors }, resolveFileType('Q4_K_M')).map((c) => [
      c.name,
      c.to,
    ]),
  );

describe('Q4_K_M mix on a conv / attention / conv hybrid', () => {
  it('gives the only V tensor the first-layer type and keeps the conv kernels', () => {
    const types = typesOf([
      tensor('blk.0.shortconv.conv.weight', [3, 256]),
      tensor('blk.0.shortconv.in_proj.weight', [256, 768]),
      tensor('blk.1.attn_v.weight', [256, 128]),
      tensor('blk.2.shortconv.conv.weight', [3, 256]),
    ]);
    expect(types).toEqual({
      'blk.0.shortconv.conv.weight': GgmlType.F32,
      'blk.0.shortconv.in_proj.weight': GgmlType.Q4_K,
      // V index 0 of 1: use_more_bits (by layer index 1 of 3 it would not be).
      'blk.1.attn_v.weight': GgmlType.Q6_K,
      'blk.2.shortconv.conv.weight': GgmlType.F32,
    });
  });
});
