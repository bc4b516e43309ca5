import { describe, expect, it } from 'vitest';
import { FUZZ_FIXTURES, loadFuzzFile, mutate, rng, runFuzz } from './fuzz-gguf.ts';

describe('GGUF fuzz cases', () => {
  it('400 mutated fixtures each parse or throw GgufError, quickly', () => {
    const summary = runFuzz({ cases: 400, seed: 7, limitMs: 1000 });
    expect(summary.firstFailures).toEqual([]);
    expect(summary.crashes + summary.hangs).toBe(0);
    expect(summary.cases).toBe(400);
    // The mutations reach several distinct refusals, not just one.
    expect(summary.codes.size).toBeGreaterThanOrEqual(6);
  });

  it('mutations are deterministic from the seed', () => {
    const file = loadFuzzFile(FUZZ_FIXTURES[0]!);
    const a = mutate(file, file.bytes, rng(42), 'inflate');
    const b = mutate(file, file.bytes, rng(42), 'inflate');
    expect(Buffer.compare(a, b)).toBe(0);
    expect(Buffer.compare(a, file.bytes)).not.toBe(0);
  });
});
