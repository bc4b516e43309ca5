// The shared models are too narrow for K-quants (rows of 64-384), so this builds a random-weight llama model whose
// rows are 256 wide and checks that Q4_K_M's real K-quant mix loads and scores the same in llama.cpp.
import { GgmlType, ggufValue, parseGguf, typedMetadata, writeGguf } from '@wgllm/gguf';
import { llamaGreedy } from '@wgllm/oracle';
import { describe, expect, it } from 'vitest';
import { llamaCppPerplexity } from '../scripts/llamacpp-perplexity.ts';
import { quantizeModel } from './quantize-model.ts';
import { measureBase } from './run-quality-comparison.ts';
import { cpuModel, readModel, shortText, writeTemp } from './test-fixtures.ts';

const [nEmbd, nFf, nLayer, vocab] = [256, 256, 2, 512];
/** Two windows of 64 tokens. */
const text = shortText.slice(0, 320);

/** stories260K's tokenizer and a 2-layer model of width 256 with deterministic random weights (f32). */
function wideRandomModel(): Uint8Array {
  const metadata = typedMetadata(parseGguf(readModel('stories260K.gguf')));
  metadata.set('llama.embedding_length', ggufValue.u32(nEmbd));
  metadata.set('llama.feed_forward_length', ggufValue.u32(nFf));
  metadata.set('llama.block_count', ggufValue.u32(nLayer));
  metadata.set('llama.rope.dimension_count', ggufValue.u32(nEmbd / 8));
  let seed = 12345;
  const random = (n: number, scale: number) =>
    Float32Array.from({ length: n }, () => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return (seed / 2 ** 32 - 0.5) * 2 * scale;
    });
  const tensor = (name: string, shape: number[], values: Float32Array) => ({
    name,
    type: GgmlType.F32,
    shape,
    data: new Uint8Array(values.buffer),
  });
  const ones = (n: number) => new Float32Array(n).fill(1);
  const kvDim = nEmbd / 2; // 8 heads of 32, 4 KV heads
  const tensors = [tensor('token_embd.weight', [nEmbd, vocab], random(nEmbd * vocab, 1))];
  for (let l = 0; l < nLayer; l++) {
    const w = (name: string, cols: number, rows: number) =>
      tensor(`blk.${l}.${name}.weight`, [cols, rows], random(cols * rows, 1 / Math.sqrt(cols)));
    tensors.push(
      tensor(`blk.${l}.attn_norm.weight`, [nEmbd], ones(nEmbd)),
      w('attn_q', nEmbd, nEmbd),
      w('attn_k', nEmbd, kvDim),
      w('attn_v', nEmbd, kvDim),
      w('attn_output', nEmbd, nEmbd),
      tensor(`blk.${l}.ffn_norm.weight`, [nEmbd], ones(nEmbd)),
      w('ffn_gate', nEmbd, nFf),
      w('ffn_up', nEmbd, nFf),
      w('ffn_down', nFf, nEmbd),
    );
  }
  tensors.push(
    tensor('output_norm.weight', [nEmbd], ones(nEmbd)),
    tensor('output.weight', [nEmbd, vocab], random(nEmbd * vocab, 1 / Math.sqrt(nEmbd))),
  );
  return writeGguf({ metadata, tensors });
}

describe('real K-quants (rows of 256)', () => {
  it('Q4_K_M: Q4_K with Q6_K for output, attn_v and ffn_down of the use_more_bits layers; llama.cpp agrees', async () => {
    const { file, tensors } = quantizeModel(wideRandomModel(), 'Q4_K_M');
    const types = Object.fromEntries(tensors.map((t) => [t.name, GgmlType[t.to]]));
    expect(types).toMatchObject({
      'output.weight': 'Q6_K',
      'token_embd.weight': 'Q4_K',
      'blk.0.attn_v.weight': 'Q4_K',
      'blk.1.attn_v.weight': 'Q6_K',
      'blk.0.ffn_down.weight': 'Q4_K',
      'blk.1.ffn_down.weight': 'Q6_K',
      'blk.1.attn_q.weight': 'Q4_K',
    });
    expect(tensors.every((t) => t.wanted === undefined)).toBe(true);
    const path = writeTemp('wide-Q4_K_M.gguf', file);
    expect((await llamaGreedy(path, 'Once upon a time', 4)).tokens).toHaveLength(4);
    const theirs = await llamaCppPerplexity(path, text, 64);
    const { row } = await measureBase(cpuModel(file, 64), text, 64, 1);
    expect(Math.abs(row.perplexity / theirs.perplexity - 1)).toBeLessThan(0.01);
  });
});
