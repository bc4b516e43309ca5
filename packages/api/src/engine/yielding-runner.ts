import type { ModelRunner } from '@wgllm/runtime';

/** Resolves on the next macrotask: pending messages (an abort from the page) get handled first. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A runner whose steps start on a fresh task. The CPU reference runner computes synchronously, so without
 * this a whole generation is one task and an abort message to its Worker arrives only after the end.
 * (GPU runners yield on their own while they wait for the GPU.)
 */
export function yieldingRunner(runner: ModelRunner): ModelRunner {
  return {
    vocabSize: runner.vocabSize,
    contextLength: runner.contextLength,
    async run(tokens, pos, readback) {
      await nextTask();
      return runner.run(tokens, pos, readback);
    },
  };
}
