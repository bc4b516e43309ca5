// The CPU reference with prefix reuse generates what it generates without: chats with two conversations
// alternating, a regenerate, an edit (stories260K), and a sliding window's ring that has lost positions
// (a small gemma3 synthetic model: window 32, ring 32 + 64).
import { readFileSync } from 'node:fs';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { CpuRunner } from '../cpu/cpu-runner.ts';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import {
  chatScenario,
  messageIds,
  ReuseCheck,
  ringScenario,
  windowedTestModel,
} from '../testing/prefix-reuse-checks.ts';

const runners = (file: Uint8Array, contextLength: number) => {
  const load = () => new CpuRunner(loadCpuModel(file, { contextLength }).forward, { sequences: 4 });
  return { reusing: load(), reference: load() };
};

describe('prefix reuse (CPU runner)', () => {
  it('generates the same tokens across turns, conversations, a regenerate and an edit', async () => {
    const file = new Uint8Array(readFileSync(sharedFixturePath('models/stories260K.gguf')));
    const { reusing, reference } = runners(file, 256);
    const check = new ReuseCheck(reusing, reference, 6);
    await chatScenario(check, 1, (i) => messageIds(i, 5, 259, 250));
    const cached = (label: string) => check.outcomes.get(label)!.cached;
    const length = (label: string) => check.outcomes.get(label)!.prompt.length;
    expect(cached('A1')).toBe(0);
    // Every next turn reuses the whole previous prompt and the reply but its last token (sampled, not run).
    for (const [turn, previous] of [
      ['A2', 'A1'],
      ['B2', 'B1'],
      ['A3', 'A2'],
      ['B3', 'B2'],
    ])
      expect(cached(turn!)).toBe(length(previous!) + 5);
    expect(cached('A3 regenerated')).toBe(length('A3') - 1);
    expect(cached('A3 edited')).toBe(length('A2') + 6);
    expect(cached('A4 after the edit')).toBe(length('A3 edited') + 5);
    expect(reusing.sequences.allocated).toBeLessThanOrEqual(4);
  }, 60_000);

  it('re-prefills where a sliding window needs positions its ring lost, and only there', async () => {
    const { reusing, reference } = runners(windowedTestModel(), 160);
    const check = new ReuseCheck(reusing, reference, 3);
    const long = messageIds(0, 100, 4, 280);
    await ringScenario(check, 1, long, (i) => messageIds(i + 1, 4, 4, 280));
    const next = check.outcomes.get('long')!.prompt.length + 3;
    expect(check.outcomes.get('long next')!.cached).toBe(next - 1);
    expect(check.outcomes.get('long edited early')!.cached).toBe(0);
    expect(check.outcomes.get('long edited last')!.cached).toBe(next);
  }, 120_000);
});
