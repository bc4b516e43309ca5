import { GgmlType, parseGguf } from '@wgllm/gguf';
import { llamaGreedy } from '@wgllm/oracle';
import { describe, expect, it } from 'vitest';
import { llamaCppPerplexity } from '../scripts/llamacpp-perplexity.ts';
import { quantizeModel } from './quantize-model.ts';
import { measureBase } from './run-quality-comparison.ts';
import { cpuModel, readModel, shortText, writeTemp } from './test-fixtures.ts';

const typesOf = (tensors: { name: string; to: GgmlType }[]) =>
  Object.fromEntries(tensors.map((t) => [t.name, GgmlType[t.to]]));

describe('quantize recipe (llama.cpp llama_tensor_get_type)', () => {
  it('Q4_K_M on TinyStories-656K: K-quants fall back to 32-blocks, Q6_K picks follow use_more_bits', () => {
    const { tensors } = quantizeModel(readModel('TinyStories-656K.f16.gguf'), 'Q4_K_M');
    const types = typesOf(tensors);
    expect(types['token_embd.weight']).toBe('Q8_0'); // tied output: Q6_K wanted, 128 % 256 != 0 -> Q8_0
    expect(types['blk.0.attn_v.weight']).toBe('Q5_0'); // Q4_K -> Q5_0
    expect(types['blk.1.attn_v.weight']).toBe('Q8_0'); // use_more_bits(1, 2): Q6_K -> Q8_0
    expect(types['blk.0.ffn_down.weight']).toBe('Q5_0');
    expect(types['blk.1.ffn_down.weight']).toBe('Q8_0');
    expect(types['blk.0.attn_q.weight']).toBe('Q5_0');
    expect(types['blk.0.attn_norm.weight']).toBe('F32'); // 1-D tensors keep their type
    expect(tensors.find((t) => t.name === 'blk.1.attn_v.weight')?.wanted).toBe(GgmlType.Q6_K);
  });

  it('rows that are not whole 32-blocks fall back to F16 (stories260K ffn_down, 172 wide)', () => {
    const types = typesOf(quantizeModel(readModel('stories260K.gguf'), 'Q4_0').tensors);
    expect(types['blk.0.ffn_down.weight']).toBe('F16');
    expect(types['blk.0.ffn_up.weight']).toBe('Q4_0');
    expect(types['output.weight']).toBe('Q8_0'); // Q6_K wanted for the output head, 64 % 256 != 0
    expect(types['token_embd.weight']).toBe('Q4_0'); // untied: the default type
  });

  it('--pure gives every matrix the default type, with the same shape fallback', () => {
    const types = typesOf(quantizeModel(readModel('stories260K.gguf'), 'Q8_0', { pure: true }).tensors);
    expect(types['output.weight']).toBe('Q8_0');
    expect(types['blk.0.ffn_down.weight']).toBe('F16');
  });
});

describe('quantized files in llama.cpp', () => {
  for (const type of ['Q8_0', 'Q4_K_M', 'Q2_K']) {
    it(`${type}: loads, generates, and scores like our reference on the same bytes`, async () => {
      const { file } = quantizeModel(readModel('stories260K.gguf'), type);
      const header = parseGguf(file);
      expect(header.metadata.get('general.file_type')).toBeTypeOf('number');
      const path = writeTemp(`stories260K-${type}.gguf`, file);
      const greedy = await llamaGreedy(path, 'Once upon a time', 8);
      expect(greedy.tokens).toHaveLength(8);
      const theirs = await llamaCppPerplexity(path, shortText, 64);
      const { row } = await measureBase(cpuModel(file, 64), shortText, 64, 1);
      // llama.cpp quantizes activations to Q8_0 for these mat-vecs; our reference keeps f32.
      expect(Math.abs(row.perplexity / theirs.perplexity - 1)).toBeLessThan(0.01);
    });
  }
});
