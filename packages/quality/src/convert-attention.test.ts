import { parseGguf } from '@wgllm/gguf';
import { llamaGreedy } from '@wgllm/oracle';
import { loadCpuModel } from '@wgllm/runtime';
import { describe, expect, it } from 'vitest';
import { llamaCppPerplexity } from '../scripts/llamacpp-perplexity.ts';
import { convertAttentionHeads } from './convert-attention.ts';
import { measureBase } from './run-quality-comparison.ts';
import { cpuModel, readModel, shortText, writeTemp } from './test-fixtures.ts';

const original = readModel('stories260K.gguf');

/** convert_hf_to_gguf.py LlamaModel.permute on rows: (heads, 2, headDim/2) -> (heads, headDim/2, 2) per head. */
function permuteRows(w: Float64Array, heads: number, headDim: number, cols: number): Float64Array {
  const out = new Float64Array(w.length);
  const half = headDim / 2;
  for (let h = 0; h < heads; h++)
    for (let s = 0; s < 2; s++)
      for (let i = 0; i < half; i++) {
        const src = (h * headDim + s * half + i) * cols;
        const dst = (h * headDim + i * 2 + s) * cols;
        out.set(w.subarray(src, src + cols), dst);
      }
  return out;
}

/** Mean of consecutive groups of heads: (from * headDim, cols) -> (to * headDim, cols). */
function poolRows(w: Float64Array, from: number, to: number, headDim: number, cols: number): Float64Array {
  const group = from / to;
  const headSize = headDim * cols;
  const out = new Float64Array(to * headSize);
  for (let j = 0; j < to; j++)
    for (let g = 0; g < group; g++)
      for (let e = 0; e < headSize; e++) out[j * headSize + e]! += w[(j * group + g) * headSize + e]! / group;
  return out;
}

describe('convert-attention', () => {
  it("pooling whole heads commutes with llama.cpp's rope row permutation", () => {
    const [heads, headDim, cols] = [4, 8, 3];
    const w = Float64Array.from({ length: heads * headDim * cols }, (_, i) => Math.sin(i * 1.7));
    const permutedThenPooled = poolRows(permuteRows(w, heads, headDim, cols), heads, 2, headDim, cols);
    const pooledThenPermuted = permuteRows(poolRows(w, heads, 2, headDim, cols), 2, headDim, cols);
    expect(Array.from(permutedThenPooled)).toEqual(Array.from(pooledThenPermuted));
  });

  it('4 -> 8 KV heads (expand) gives the same logits as the original', () => {
    const { file, mode } = convertAttentionHeads(original, 8);
    expect(mode).toBe('expand');
    const header = parseGguf(file);
    expect(header.metadata.get('llama.attention.head_count_kv')).toBe(8);
    expect(header.tensors.find((t) => t.name === 'blk.0.attn_k.weight')?.shape).toEqual([64, 64]);
    const a = loadCpuModel(original, { contextLength: 16 }).forward;
    const b = loadCpuModel(file, { contextLength: 16 }).forward;
    const tokens = [1, 403, 407, 261, 378, 432, 383, 286, 261, 376];
    tokens.forEach((token, pos) => {
      const la = Array.from(a.forward(token, pos));
      const lb = Array.from(b.forward(token, pos));
      for (let i = 0; i < la.length; i++) expect(Math.abs(la[i]! - lb[i]!)).toBeLessThan(1e-5);
    });
  });

  it('8 -> 4 after expanding is the original again (pooling identical heads is exact)', () => {
    const back = convertAttentionHeads(convertAttentionHeads(original, 8).file, 4).file;
    const tensor = (file: Uint8Array, name: string) => {
      const header = parseGguf(file);
      const info = header.tensors.find((t) => t.name === name)!;
      return file.subarray(
        header.dataOffset + info.offset,
        header.dataOffset + info.offset + info.byteLength,
      );
    };
    expect(tensor(back, 'blk.2.attn_v.weight')).toEqual(tensor(original, 'blk.2.attn_v.weight'));
  });

  it('refuses head counts that do not divide', () => {
    expect(() => convertAttentionHeads(original, 3)).toThrow(/divide/);
  });

  for (const kvHeads of [8, 2, 1]) {
    it(`llama.cpp loads ${kvHeads} KV heads, generates, and scores like our reference`, async () => {
      const { file } = convertAttentionHeads(original, kvHeads);
      const path = writeTemp(`stories260K-kv${kvHeads}.gguf`, file);
      const greedy = await llamaGreedy(path, 'Once upon a time', 8);
      expect(greedy.tokens).toHaveLength(8);
      const theirs = await llamaCppPerplexity(path, shortText, 64);
      const { row } = await measureBase(cpuModel(file, 64), shortText, 64, 1);
      expect(Math.abs(row.perplexity / theirs.perplexity - 1)).toBeLessThan(0.005);
    });
  }
});
