// Sampler.sampleTop (what the GPU runner uses: top candidates + a tail summary) against sampleLogits (the
// whole vocabulary on the CPU), with the candidates and tail computed by the kernels' CPU references.
import { logitAdjustRef, sampleTailRef, topKRef } from '@wgllm/kernels';
import { describe, expect, it } from 'vitest';
import { adjustEntries, penaltiesOf } from './adjust-entries.ts';
import { createCandidates } from './candidates.ts';
import { defaultSamplingOptions, type SamplingOptions } from './options.ts';
import { Sampler } from './sampler.ts';

const vocab = 300;
const logits = Float32Array.from({ length: vocab }, (_, i) => 4 * Math.sin(i * 12.9898) * Math.cos(i * 0.37));
const options = (o: Partial<SamplingOptions>): SamplingOptions => ({ ...defaultSamplingOptions, ...o });

/** What the GPU path returns for one draw with k candidates (k = the runner's choice for these options). */
function drawTop(sampler: Sampler, history: readonly number[], k: number, tail: boolean): number {
  const o = sampler.options;
  const adjusted = Float32Array.from(logits);
  logitAdjustRef(adjusted, adjustEntries(o, history), penaltiesOf(o));
  const ids = topKRef(adjusted, k);
  const c = createCandidates(k);
  ids.forEach((id, i) => {
    c.ids[i] = id;
    c.logits[i] = adjusted[id]!;
  });
  c.length = ids.length;
  c.sorted = true;
  const top = ids.map((id) => adjusted[id]!);
  const stats = tail
    ? sampleTailRef(adjusted, top, k, o.temperature, o.seed, sampler.draws)
    : { sumAll: 0, sumTail: 0, tailId: 0xffffffff, tailCount: 0 };
  return sampler.sampleTop(c, stats);
}

function sequences(o: SamplingOptions, k: number, tail: boolean, n: number) {
  const full = new Sampler(o, vocab);
  const top = new Sampler(o, vocab);
  const history = [3, 7, 7, 11];
  const viaLogits: number[] = [];
  const viaTop: number[] = [];
  for (let i = 0; i < n; i++) {
    viaLogits.push(full.sampleLogits(logits, history));
    viaTop.push(drawTop(top, history, k, tail));
  }
  return { viaLogits, viaTop };
}

describe('Sampler.sampleTop', () => {
  const exactCases: [string, Partial<SamplingOptions>, number][] = [
    ['top-k 40 (the default chain)', { temperature: 0.9, seed: 1 }, 40],
    ['top-k 5, top-p 0.5', { temperature: 1.3, topK: 5, topP: 0.5, minP: 0, seed: 2 }, 5],
    [
      'penalties and bias',
      {
        temperature: 0.7,
        repetitionPenalty: 1.3,
        frequencyPenalty: 0.2,
        presencePenalty: 0.1,
        logitBias: new Map([
          [0, 2],
          [1, Number.NEGATIVE_INFINITY],
        ]),
        seed: 3,
      },
      40,
    ],
    ['greedy with penalties', { temperature: 0, repetitionPenalty: 1.5, seed: 4 }, 1],
    [
      'no top-k, top-p reached inside 64 candidates',
      { temperature: 1, topK: 0, topP: 0.6, minP: 0, seed: 5 },
      64,
    ],
    [
      'no top-k, min-p cuts inside 64 candidates',
      { temperature: 1, topK: 0, topP: 1, minP: 0.2, seed: 6 },
      64,
    ],
  ];
  for (const [name, o, k] of exactCases) {
    it(`draws what sampleLogits draws: ${name}`, () => {
      const { viaLogits, viaTop } = sequences(options(o), k, true, 200);
      expect(viaTop).toEqual(viaLogits);
      if (options(o).temperature > 0) expect(new Set(viaTop).size).toBeGreaterThan(1);
    });
  }

  it('no top-k, top-p or min-p: the tail is drawn in proportion to exp(l / T)', () => {
    // 8 candidates of 300 at T = 3: most of the mass is in the tail.
    const o = options({ temperature: 3, topK: 0, topP: 1, minP: 0, seed: 7 });
    const n = 6000;
    const { viaLogits, viaTop } = sequences(o, 8, true, n);
    const top8 = new Set(topKRef(logits, 8));
    const inTop = (tokens: number[]) => tokens.filter((t) => top8.has(t)).length / n;
    const weights = Array.from(logits, (l) => Math.exp(l / 3));
    const p = [...top8].reduce((s, id) => s + weights[id]!, 0) / weights.reduce((a, b) => a + b, 0);
    const se = Math.sqrt((p * (1 - p)) / n);
    expect(Math.abs(inTop(viaTop) - p)).toBeLessThan(5 * se);
    expect(Math.abs(inTop(viaLogits) - p)).toBeLessThan(5 * se);
    expect(new Set(viaTop.filter((t) => !top8.has(t))).size).toBeGreaterThan(50);
  });
});
