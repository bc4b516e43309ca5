// The CPU reference of a recurrent model (a small LFM2): a prompt prefilled in chunks of 1, 7 and 64 leaves
// the same conv state and logits, a run that would rewind the state is refused, and prefix reuse serves only
// whole slots (generating what a whole prefill generates).
import { GgmlType } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { CpuRunner } from '../cpu/cpu-runner.ts';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import {
  chunked,
  maxStateDiff,
  recurrentChatChecks,
  STATE_CHUNKS,
  statePrompt,
} from './lfm2-state-checks.ts';
import { syntheticFamilyModel } from './synthetic-family.ts';
import { LFM2_TEST_SHAPE, lfm2Model } from './synthetic-lfm2.ts';

const file = syntheticFamilyModel(lfm2Model(LFM2_TEST_SHAPE, GgmlType.F32, 5));
const load = () => loadCpuModel(file, { contextLength: 256 }).forward;

describe('lfm2 recurrent state (CPU reference)', () => {
  it('is the same after chunks of 1, 7 and 64', () => {
    const prompt = statePrompt(150);
    const runs = STATE_CHUNKS.map((chunk) => {
      const forward = load();
      for (const [start, tokens] of chunked(prompt, chunk)) forward.run(tokens, start);
      return { state: forward.recurrentState(), logits: forward.logits.slice() };
    });
    for (const run of runs.slice(1)) {
      const diff = maxStateDiff(runs[0]!.state, run.state);
      console.log(JSON.stringify({ backend: 'cpu', maxStateDiff: diff }));
      expect(diff).toBe(0);
      expect(run.logits).toEqual(runs[0]!.logits);
    }
  });

  it('restarts at position 0 and refuses to run from anywhere but its end', () => {
    const forward = load();
    forward.run([1, 300, 301], 0);
    const state = forward.recurrentState();
    expect(() => forward.run([302], 2)).toThrow(/recurrent state is at position 3/);
    forward.run([1, 300, 301], 0);
    expect(maxStateDiff(forward.recurrentState(), state)).toBe(0);
  });

  it('reuses only whole slots and generates what a whole prefill does', async () => {
    const runner = () => new CpuRunner(load(), { sequences: 4 });
    await recurrentChatChecks(runner(), runner());
  }, 60_000);
});
