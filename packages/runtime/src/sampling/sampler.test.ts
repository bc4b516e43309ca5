import { describe, expect, it } from 'vitest';
import { defaultSamplingOptions, type SamplingOptions } from './options.ts';
import { Sampler } from './sampler.ts';

const logits = Float32Array.from([0.5, 2, 1.9, -1, 0, 1.5, 1.2, 0.3]);
const options = (o: Partial<SamplingOptions>): SamplingOptions => ({ ...defaultSamplingOptions, ...o });
const draw = (o: SamplingOptions, n: number) => {
  const sampler = new Sampler(o, logits.length);
  return Array.from({ length: n }, () => sampler.sampleLogits(logits, []));
};

describe('Sampler', () => {
  it('greedy takes the argmax whatever the seed', () => {
    expect(draw(options({ temperature: 0, seed: 1 }), 3)).toEqual([1, 1, 1]);
    expect(draw(options({ temperature: 0, seed: 9 }), 3)).toEqual([1, 1, 1]);
  });

  it('same seed, same tokens; another seed, other tokens', () => {
    const o = options({ temperature: 1.5, topK: 0, topP: 1, minP: 0, seed: 42 });
    const a = draw(o, 40);
    expect(draw(o, 40)).toEqual(a);
    expect(draw({ ...o, seed: 43 }, 40)).not.toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(2);
  });

  it('top-k 1 is greedy', () => {
    expect(draw(options({ temperature: 1, topK: 1, seed: 3 }), 10)).toEqual(Array(10).fill(1));
  });

  it('never draws outside top-k', () => {
    const drawn = draw(options({ temperature: 2, topK: 3, topP: 1, minP: 0, seed: 5 }), 200);
    expect(new Set(drawn)).toEqual(new Set([1, 2, 5]));
  });

  it('logit bias can ban the argmax, also when greedy', () => {
    const o = options({ temperature: 0, logitBias: new Map([[1, Number.NEGATIVE_INFINITY]]) });
    expect(draw(o, 1)).toEqual([2]);
  });

  it('repetition penalty applies to the history', () => {
    const sampler = new Sampler(options({ temperature: 0, repetitionPenalty: 2 }), logits.length);
    expect(sampler.sampleLogits(logits, [1])).toBe(2);
  });
});
