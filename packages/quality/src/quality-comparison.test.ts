import { klDivergence, klDivergenceTopK, logSoftmax } from '@wgllm/runtime';
import { describe, expect, it } from 'vitest';
import { llamaCppScores } from '../scripts/llamacpp-perplexity.ts';
import { BaseReference } from './base-reference.ts';
import { decodeBaseReference, encodeBaseReference } from './base-reference-file.ts';
import { percentile } from './percentiles.ts';
import { planWindows } from './perplexity-windows.ts';
import { quantizeModel } from './quantize-model.ts';
import { compareWithBase, measureBase, runQualityComparison } from './run-quality-comparison.ts';
import { cpuModel, readModel, shortText, writeTemp } from './test-fixtures.ts';

describe('pure pieces', () => {
  it('plans llama-perplexity windows: BOS first, second half scored, leftover dropped', () => {
    const tokens = Array.from({ length: 21 }, (_, i) => 100 + i);
    const windows = planWindows(tokens, 8, 1);
    expect(windows.map((w) => w.start)).toEqual([0, 8]);
    expect(windows[1]!.tokens).toEqual([1, 109, 110, 111, 112, 113, 114, 115]);
    expect(windows[1]!.firstScored).toBe(4);
    expect(() => planWindows(tokens.slice(0, 15), 8, 1)).toThrow(/at least 16 tokens/);
  });

  it('KL: zero against itself, top-K with the rest merged is a lower bound, exact at K = vocab', () => {
    const p = logSoftmax([2, 1, 0.5, -1, -3]);
    const q = logSoftmax([1.5, 1.2, 0.1, -0.5, -2]);
    expect(klDivergence(p, p)).toBe(0);
    const full = klDivergence(p, q);
    expect(full).toBeGreaterThan(0);
    expect(klDivergenceTopK([0, 1, 2, 3, 4], p, q)).toBeCloseTo(full, 12);
    const top2 = klDivergenceTopK([0, 1], [p[0]!, p[1]!], q);
    expect(top2).toBeLessThan(full);
    expect(top2).toBeGreaterThan(0);
  });

  it('percentiles interpolate between ranks', () => {
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([0, 10], 90)).toBe(9);
  });

  it('base log-prob files round-trip', () => {
    const ref = new BaseReference({ tokens: Int32Array.from([1, 5, 7]), ctx: 8, vocabSize: 5, topK: 3 }, 2);
    ref.push(logSoftmax([0, 3, 1, 2, -1]), 4);
    ref.push(logSoftmax([5, 0, 0, 0, 1]), 0);
    const back = decodeBaseReference(encodeBaseReference(ref));
    expect([back.count, back.topK, back.ctx, Array.from(back.tokens)]).toEqual([2, 3, 8, [1, 5, 7]]);
    expect(Array.from(back.entry(0).ids)).toEqual([1, 3, 2]);
    expect(back.top1(1)).toBe(0);
    expect(back.targetLogProb(0)).toBeCloseTo(ref.targetLogProb(0), 6);
  });
});

describe('KL divergence of quantized stories260K vs F32 (windows of 64)', () => {
  const f32 = readModel('stories260K.gguf');
  const variants = ['Q8_0', 'Q4_0'].map((type) => ({ type, file: quantizeModel(f32, type).file }));

  it('is 0 for the model against itself, and Q8_0 < Q4_0 as in llama.cpp', async () => {
    const rows = await runQualityComparison({
      base: cpuModel(f32, 64, 'F32'),
      variants: [cpuModel(f32, 64, 'F32 again'), ...variants.map((v) => cpuModel(v.file, 64, v.type))],
      text: shortText,
      ctx: 64,
    });
    const [base, self, q8, q4] = rows;
    expect([base!.kl!.max, self!.kl!.max, self!.top1Agreement, self!.deltaPerplexity]).toEqual([0, 0, 1, 0]);
    expect(q8!.kl!.mean).toBeGreaterThan(0);
    expect(q8!.kl!.mean).toBeLessThan(q4!.kl!.mean);
    expect(q8!.top1Agreement!).toBeGreaterThanOrEqual(q4!.top1Agreement!);

    // llama.cpp's own KL on the same files and windows orders them the same way.
    const baseScores = await llamaCppScores(writeTemp('kl-f32.gguf', f32), shortText, 64, true);
    const meanKl = async (file: Uint8Array, name: string) => {
      const scores = await llamaCppScores(writeTemp(name, file), shortText, 64, true);
      const kls = scores.logProbs.map((lp, i) => klDivergence(baseScores.logProbs[i]!, lp));
      return kls.reduce((a, b) => a + b, 0) / kls.length;
    };
    const [theirQ8, theirQ4] = [
      await meanKl(variants[0]!.file, 'kl-q8.gguf'),
      await meanKl(variants[1]!.file, 'kl-q4.gguf'),
    ];
    console.log(
      'mean KL ours Q8_0',
      q8!.kl!.mean,
      'Q4_0',
      q4!.kl!.mean,
      '| llama.cpp Q8_0',
      theirQ8,
      'Q4_0',
      theirQ4,
    );
    expect(theirQ8).toBeLessThan(theirQ4);
  });

  it('a saved top-K base file gives the same perplexity change and a KL lower bound', async () => {
    const { reference } = await measureBase(cpuModel(f32, 64, 'F32'), shortText, 64, 16);
    const loaded = decodeBaseReference(encodeBaseReference(reference));
    const row = await compareWithBase(cpuModel(variants[1]!.file, 64, 'Q4_0'), loaded);
    const { reference: full } = await measureBase(cpuModel(f32, 64, 'F32'), shortText, 64, 512);
    const exact = await compareWithBase(cpuModel(variants[1]!.file, 64, 'Q4_0'), full);
    expect(row.perplexity).toBe(exact.perplexity);
    expect(row.deltaPerplexity!).toBeCloseTo(exact.deltaPerplexity!, 4);
    expect(row.top1Agreement).toBe(exact.top1Agreement);
    expect(row.kl!.mean).toBeLessThanOrEqual(exact.kl!.mean + 1e-9);
    expect(row.kl!.mean).toBeGreaterThan(0.9 * exact.kl!.mean);
  });
});
