import { describe, expect, it } from 'vitest';
import { sampleTailRef } from './sample-tail.ref.ts';

describe('sample-tail reference', () => {
  it('draws tail tokens in proportion to exp(logit / T) (Gumbel-max over seeded noise)', () => {
    // Two candidates (10, 9) above a tail of four tokens with known softmax weights at T = 0.5.
    const logits = Float32Array.from([10, 1, 0.5, 9, 0, -1]);
    const top = [10, 9];
    const temperature = 0.5;
    const tail = [1, 0.5, 0, -1].map((l) => Math.exp((l - 10) / temperature));
    const total = tail.reduce((a, b) => a + b, 0);
    const expected = new Map([1, 2, 4, 5].map((id, i) => [id, tail[i]! / total]));
    const draws = 20000;
    const counts = new Map<number, number>();
    for (let step = 0; step < draws; step++) {
      const { tailId, tailCount, sumTail } = sampleTailRef(logits, top, 2, temperature, 99, step);
      expect(tailCount).toBe(4);
      expect(sumTail).toBeCloseTo(total, 12);
      counts.set(tailId, (counts.get(tailId) ?? 0) + 1);
    }
    for (const [id, p] of expected) {
      const observed = (counts.get(id) ?? 0) / draws;
      // 5 standard errors of a binomial proportion.
      expect(Math.abs(observed - p), `token ${id}`).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / draws) + 1e-4);
    }
  });
});
