import { describe, expect, it } from 'vitest';
import { type Candidates, createCandidates, fillFromLogits } from './candidates.ts';
import {
  applyLogitBias,
  applyMinP,
  applyPenalties,
  applyTemperature,
  applyTopK,
  applyTopP,
} from './logits-processors.ts';

function candidatesOf(logits: number[]): Candidates {
  const c = createCandidates(logits.length);
  fillFromLogits(c, Float32Array.from(logits));
  return c;
}

const live = (c: Candidates) => Array.from(c.ids.subarray(0, c.length));

describe('logits processors', () => {
  it('adds bias and bans with -Infinity', () => {
    const c = candidatesOf([1, 2, 3]);
    applyLogitBias(
      c,
      new Map([
        [2, Number.NEGATIVE_INFINITY],
        [0, 0.5],
      ]),
    );
    expect(Array.from(c.logits)).toEqual([1.5, 2, Number.NEGATIVE_INFINITY]);
  });

  it('penalises like llama.cpp: divide positive, multiply negative, subtract frequency and presence', () => {
    const c = candidatesOf([2, -2, 2]);
    applyPenalties(c, [0, 0, 1], { repetition: 2, frequency: 0.25, presence: 0.5 });
    expect(Array.from(c.logits)).toEqual([2 / 2 - 2 * 0.25 - 0.5, -2 * 2 - 0.25 - 0.5, 2]);
  });

  it('top-k keeps the k best, sorted', () => {
    const c = candidatesOf([0.1, 3, 2, 5]);
    applyTopK(c, 2);
    expect(live(c)).toEqual([3, 1]);
  });

  it('top-p keeps the smallest prefix reaching p', () => {
    // probabilities 0.5, 0.3, 0.2 (logits are their logs)
    const c = candidatesOf([Math.log(0.2), Math.log(0.5), Math.log(0.3)]);
    applyTopP(c, 0.7, new Float64Array(3));
    expect(live(c)).toEqual([1, 2]);
    const d = candidatesOf([Math.log(0.2), Math.log(0.5), Math.log(0.3)]);
    applyTopP(d, 0.5, new Float64Array(3));
    expect(live(d)).toEqual([1]);
  });

  it('min-p drops tokens under minP times the top probability', () => {
    const c = candidatesOf([Math.log(0.04), Math.log(0.6), Math.log(0.36)]);
    applyMinP(c, 0.5);
    expect(live(c)).toEqual([1, 2]);
  });

  it('temperature divides logits', () => {
    const c = candidatesOf([1, -2]);
    applyTemperature(c, 0.5);
    expect(Array.from(c.logits)).toEqual([2, -4]);
  });
});
