// Runs a model over perplexity windows and hands out the log-probabilities at every scored position.
import { logSoftmax } from '@wgllm/runtime';
import type { PerplexityWindow } from './perplexity-windows.ts';
import type { QualityModel } from './quality-model.ts';

/** Progress in windows evaluated (`done` of `total`), for a progress bar. */
export type ProgressCallback = (done: number, total: number) => void;

/**
 * Calls `onPosition(index, logProbs, target)` for each scored position in text order: `index` counts scored
 * positions across windows, `logProbs` (vocab) is reused between calls, `target` is the token that followed.
 */
export async function forEachScoredPosition(
  model: QualityModel,
  windows: readonly PerplexityWindow[],
  onPosition: (index: number, logProbs: Float64Array, target: number) => void,
  onWindowDone?: () => void,
): Promise<void> {
  const logProbs = new Float64Array(model.vocabSize);
  let index = 0;
  for (const window of windows) {
    const last = window.tokens.length - 2;
    await model.evaluate(window.tokens.slice(0, last + 1), window.firstScored, (pos, logits) => {
      if (logits.length !== model.vocabSize)
        throw new Error(`${model.name}: ${logits.length} logits for a vocabulary of ${model.vocabSize}`);
      logSoftmax(logits, logProbs);
      onPosition(index++, logProbs, window.tokens[pos + 1]!);
    });
    onWindowDone?.();
  }
}
