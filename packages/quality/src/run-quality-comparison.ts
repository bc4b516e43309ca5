// The quality lab's core, environment-neutral (Node CLI, tests, a browser Worker): perplexity of a base model
// and of its variants over the same windows, and each variant's KL divergence and top-1 agreement vs the base.
import { BaseReference } from './base-reference.ts';
import { planWindows, scoredPerWindow } from './perplexity-windows.ts';
import type { QualityModel } from './quality-model.ts';
import { type QualityRow, QualityRowAccumulator } from './quality-row.ts';
import { forEachScoredPosition, type ProgressCallback } from './score-windows.ts';

export interface QualityComparisonInput {
  base: QualityModel;
  variants: readonly QualityModel[];
  text: string;
  /** Window length (tokens), as llama-perplexity's -c. */
  ctx: number;
  /** Base log-probabilities kept per position; defaults to the whole vocabulary (exact KL). */
  topK?: number;
  onProgress?: ProgressCallback;
}

/** Rows: the base first (its KL is 0 by definition), then each variant in the order given. */
export async function runQualityComparison(input: QualityComparisonInput): Promise<QualityRow[]> {
  const { base, variants, text, ctx } = input;
  const total = (1 + variants.length) * Math.floor(base.tokenize(text).length / ctx);
  let done = 0;
  const tick = () => input.onProgress?.(++done, total);
  const { row, reference } = await measureBase(base, text, ctx, input.topK ?? base.vocabSize, tick);
  const rows = [row];
  for (const variant of variants) {
    if (variant.tokenize(text).join() !== reference.tokens.join())
      throw new Error(`${variant.name} tokenizes the text differently from ${base.name}`);
    rows.push(await compareWithBase(variant, reference, tick));
  }
  return rows;
}

/** The base's own row (scored against itself) and its per-position reference for later comparisons. */
export async function measureBase(
  model: QualityModel,
  text: string,
  ctx: number,
  topK: number,
  onWindowDone?: () => void,
): Promise<{ row: QualityRow; reference: BaseReference }> {
  const tokens = model.tokenize(text);
  const windows = planWindows(tokens, ctx, model.bos);
  const reference = new BaseReference(
    { tokens: Int32Array.from(tokens), ctx, vocabSize: model.vocabSize, topK },
    windows.length * scoredPerWindow(windows[0]!),
  );
  // Scored against itself: KL 0 and agreement 1 come out of the same arithmetic as the variants'.
  const acc = new QualityRowAccumulator(model.name, model.kvBytesPerToken, reference);
  await forEachScoredPosition(
    model,
    windows,
    (index, logProbs, target) => {
      reference.push(logProbs, target);
      acc.add(index, logProbs, target);
    },
    onWindowDone,
  );
  return { row: acc.row(), reference };
}

/** A variant's row against a base reference (computed now or loaded from a file): same tokens, same windows. */
export async function compareWithBase(
  model: QualityModel,
  reference: BaseReference,
  onWindowDone?: () => void,
): Promise<QualityRow> {
  if (model.vocabSize !== reference.vocabSize)
    throw new Error(`${model.name}: vocabulary ${model.vocabSize} != the base's ${reference.vocabSize}`);
  const windows = planWindows(Array.from(reference.tokens), reference.ctx, model.bos);
  const acc = new QualityRowAccumulator(model.name, model.kvBytesPerToken, reference);
  await forEachScoredPosition(model, windows, (i, lp, target) => acc.add(i, lp, target), onWindowDone);
  return acc.row();
}
