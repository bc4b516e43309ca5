import { argmaxRef } from '@wgllm/kernels';
import { ContextOverflowError } from '../errors.ts';
import type { ModelRunner, Readback, StepOutput } from '../model-runner.ts';
import { defaultSequenceCount, type PrefixReuse, SequenceSlots } from '../sequences/sequence-slots.ts';
import type { CpuForward } from './forward-cpu.ts';

const { setImmediate } = globalThis as { setImmediate?: (callback: () => void) => void };

/**
 * Resolves on the next macrotask, so pending events (an abort message, a Ctrl-C) are handled first:
 * setImmediate where there is one (Node's setTimeout waits at least 1 ms, on every token).
 */
const nextTask = (): Promise<void> =>
  new Promise((resolve) => (setImmediate ? setImmediate(resolve) : setTimeout(resolve, 0)));

export interface CpuRunnerOptions {
  /** KV sequences kept for prefix reuse (default: up to 4, within 1 GiB of KV cache). */
  sequences?: number;
}

/**
 * The CPU reference forward as a ModelRunner: one token at a time, the same answers the GPU must give. Each
 * step starts on a fresh task: the forward is synchronous, and without that a whole generation would be one
 * task that no abort could interrupt (a GPU runner yields while it waits for the device).
 */
export class CpuRunner implements ModelRunner {
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly sequences: SequenceSlots;

  constructor(
    private readonly forward: CpuForward,
    options: CpuRunnerOptions = {},
  ) {
    this.vocabSize = forward.config.vocabSize;
    this.contextLength = forward.contextLength;
    const rings = forward.graph.kvLayers.map((kv, l) => ({ window: kv.window, slots: forward.slots[l]! }));
    const count = options.sequences ?? defaultSequenceCount(forward.kvBytes);
    this.sequences = new SequenceSlots(count, rings, forward.graph.convLayers.length > 0);
  }

  cachedPrefix(prompt: readonly number[]): number {
    return this.sequences.longestReusable(prompt);
  }

  async selectSequence(prompt: readonly number[], reuse: PrefixReuse = 'longest'): Promise<number> {
    const choice = await this.sequences.acquire(prompt, reuse, (slot) => {
      try {
        this.forward.useSequence(slot);
        return true;
      } catch (error) {
        if (error instanceof RangeError) return false; // no memory for the arrays
        throw error;
      }
    });
    this.forward.useSequence(choice.slot, choice.copyFrom);
    return choice.cached;
  }

  async run(tokens: readonly number[], pos: number, readback: Readback): Promise<StepOutput> {
    if (pos + tokens.length > this.contextLength)
      throw new ContextOverflowError(pos + tokens.length, this.contextLength);
    await nextTask();
    const logits =
      tokens.length > 0
        ? await this.sequences.track(tokens, pos, async () => this.forward.run(tokens, pos))
        : this.forward.logits;
    if (readback === 'logits') return { kind: 'logits', logits };
    if (readback !== 'argmax')
      return { kind: 'sampled', token: readback.sampler.sampleLogits(logits, readback.history) };
    return { kind: 'argmax', token: argmaxRef(logits) };
  }
}
