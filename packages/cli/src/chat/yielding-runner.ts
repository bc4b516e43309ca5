import { setImmediate } from 'node:timers/promises';
import type { ModelRunner } from '@wgllm/runtime';

/**
 * `runner`, letting the event loop turn before each step: the CPU reference computes synchronously, and a
 * Ctrl-C (a signal, or a keypress when the terminal is raw) is only seen between event-loop turns.
 */
export function yieldingRunner(runner: ModelRunner): ModelRunner {
  return {
    vocabSize: runner.vocabSize,
    contextLength: runner.contextLength,
    async run(tokens, pos, readback) {
      await setImmediate();
      return runner.run(tokens, pos, readback);
    },
  };
}
