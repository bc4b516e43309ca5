// The GPU with prefix reuse generates what it generates without (Dawn, Node): two conversations alternating,
// a regenerate, an edit, and a sliding window's ring that lost positions, on a small gemma3 synthetic model
// (window 32, full and windowed layers) with 8-token prefill chunks (a ring of 40 slots).
import { bufferSource, parseGguf } from '@wgllm/gguf';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import * as reuse from '../testing/prefix-reuse-checks.ts';
import { GpuRunner } from './gpu-runner.ts';

Object.assign(globalThis, globals);
const adapter = process.env.WGLLM_ADAPTER;
if (!adapter) throw new Error('set WGLLM_ADAPTER and the adapter environment (see scripts/adapters.mjs)');
const TIMEOUT_MS = 300_000;
const file = reuse.windowedTestModel();
const message = (i: number) => reuse.messageIds(i, 4, 4, 280);

describe(`prefix reuse (GpuRunner, Dawn ${adapter})`, () => {
  let gpu: KernelDevice;
  let reusing: GpuRunner;
  let reference: GpuRunner;
  beforeAll(async () => {
    gpu = await requestKernelDevice(create([]));
    const load = () =>
      GpuRunner.load(gpu, bufferSource(file), parseGguf(file), {
        contextLength: 128,
        maxPrefillChunk: 8,
        sequences: 4,
      });
    reusing = await load();
    reference = await load();
  }, TIMEOUT_MS);
  afterAll(() => {
    reusing?.destroy();
    reference?.destroy();
    gpu?.device.destroy();
  });

  it(
    'generates the same tokens across turns, conversations, a regenerate and an edit',
    async () => {
      const check = new reuse.ReuseCheck(reusing, reference, 4);
      await reuse.chatScenario(check, 1, message);
      const outcome = (label: string) => check.outcomes.get(label)!;
      for (const [turn, previous] of [
        ['A2', 'A1'],
        ['B3', 'B2'],
        ['A4 after the edit', 'A3 edited'],
      ])
        expect(outcome(turn!).cached).toBe(outcome(previous!).prompt.length + 3);
      expect(outcome('A3 regenerated').cached).toBe(outcome('A3').prompt.length - 1);
    },
    TIMEOUT_MS,
  );

  it(
    're-prefills where the ring lost positions the window needs, and only there',
    async () => {
      const check = new reuse.ReuseCheck(reusing, reference, 3);
      // Its own first token: no slot of the chat test shares a prefix with it.
      await reuse.ringScenario(check, 3, reuse.messageIds(0, 60, 4, 280), message);
      const next = check.outcomes.get('long')!.prompt.length + 3;
      expect(check.outcomes.get('long next')!.cached).toBe(next - 1);
      expect(check.outcomes.get('long edited early')!.cached).toBe(0);
      expect(check.outcomes.get('long edited last')!.cached).toBe(next);
    },
    TIMEOUT_MS,
  );
});
