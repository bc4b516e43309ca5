import { describe, expect, it } from 'vitest';
import { judgeGreedy, referenceTopTwo } from './greedy-vs-llamacpp.ts';
import type { GreedyCase } from './llamacpp-reference.ts';

const llamaCpp: GreedyCase = {
  prompt: 'p',
  n_predict: 3,
  prompt_token_ids: [0, 1],
  generated_token_ids: [2, 3, 1],
};
// Reference top-2 before each generated token: confident, near-tie between 3 and 0, confident.
const tops = [
  { first: 2, second: 0, margin: 2 },
  { first: 3, second: 0, margin: 0.1 },
  { first: 1, second: 2, margin: 1 },
];

describe('judgeGreedy', () => {
  it('passes an identical run under either rule', () => {
    expect(judgeGreedy(llamaCpp, [2, 3, 1], tops, 'exact')).toEqual({
      matched: 3,
      of: 3,
      firstNearTie: 1,
      failure: null,
    });
  });

  it('lets upToNearTie leave at a near-tie by taking the second choice, never exact', () => {
    expect(judgeGreedy(llamaCpp, [2, 0, 2], tops, 'upToNearTie').failure).toBeNull();
    expect(judgeGreedy(llamaCpp, [2, 0, 2], tops, 'exact').failure).toMatch(/must match to the end; token 1/);
  });

  it('fails a difference outside a near-tie or to a token outside the top-2', () => {
    expect(judgeGreedy(llamaCpp, [0, 3, 1], tops, 'upToNearTie').failure).toMatch(
      /outside a near-tie; token 0/,
    );
    expect(judgeGreedy(llamaCpp, [2, 4, 1], tops, 'upToNearTie').failure).toMatch(/token 1: ours 4/);
    expect(judgeGreedy(llamaCpp, [2], tops, 'upToNearTie').failure).toMatch(/ours missing/);
  });
});

describe('referenceTopTwo', () => {
  it('feeds the prompt and llama.cpp tokens, one top-2 per generated token', async () => {
    const fed: [number, number][] = [];
    const result = await referenceTopTwo(llamaCpp, (token, pos) => {
      fed.push([token, pos]);
      return Float32Array.from([0, 0, 0, 0], (_, i) => (i === (token + 1) % 4 ? 5 : i === token ? 4.9 : 0));
    });
    expect(fed).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
    expect(result.map((t) => [t.first, t.second])).toEqual([
      [2, 1],
      [3, 2],
      [0, 3],
    ]);
    expect(result[0]!.margin).toBeCloseTo(0.1);
  });
});
