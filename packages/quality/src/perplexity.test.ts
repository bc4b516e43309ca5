import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { measureBase } from './run-quality-comparison.ts';
import { cpuModel, fixturesDir, sampleText } from './test-fixtures.ts';

interface LlamaCppFigure {
  ctx: number;
  tokens: number[];
  scoredTokens: number;
  perplexity: number;
}
const reference: { models: Record<string, LlamaCppFigure> } = JSON.parse(
  readFileSync(new URL('llamacpp-perplexity.json', fixturesDir), 'utf8'),
);

describe('perplexity vs llama.cpp (committed reference, same text and windows)', () => {
  for (const file of ['stories260K.gguf', 'TinyStories-656K.f16.gguf']) {
    it(file, async () => {
      const figure = reference.models[file]!;
      const model = cpuModel(file, figure.ctx);
      expect(model.tokenize(sampleText)).toEqual(figure.tokens);
      const { row } = await measureBase(model, sampleText, figure.ctx, 1);
      console.log(file, 'perplexity', row.perplexity, 'llama.cpp', figure.perplexity);
      expect(row.scoredTokens).toBe(figure.scoredTokens);
      expect(Math.abs(row.perplexity / figure.perplexity - 1)).toBeLessThan(0.005);
    });
  }
});
