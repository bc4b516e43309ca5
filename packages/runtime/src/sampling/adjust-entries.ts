// Bias and penalties as the GPU's logit-adjust entries: one per distinct token that has a bias or occurs in
// the penalty window, the same inputs applyLogitBias and applyPenalties use on the CPU.
import type { LogitAdjustEntry, Penalties } from '@wgllm/kernels';
import { adjustsLogits, type SamplingOptions } from './options.ts';

export function penaltiesOf(o: SamplingOptions): Penalties {
  return { repetition: o.repetitionPenalty, frequency: o.frequencyPenalty, presence: o.presencePenalty };
}

/** Most entries `adjustEntries` can return for these options (sizes the GPU's entries buffer). */
export function maxAdjustEntries(o: SamplingOptions): number {
  const penalized = o.repetitionPenalty !== 1 || o.frequencyPenalty !== 0 || o.presencePenalty !== 0;
  return o.logitBias.size + (penalized ? Math.max(0, o.penaltyLastN) : 0);
}

export function adjustEntries(o: SamplingOptions, history: readonly number[]): LogitAdjustEntry[] {
  if (!adjustsLogits(o)) return [];
  const entries = new Map<number, LogitAdjustEntry>();
  for (const [id, bias] of o.logitBias) entries.set(id, { id, count: 0, bias });
  const penalized = o.repetitionPenalty !== 1 || o.frequencyPenalty !== 0 || o.presencePenalty !== 0;
  if (penalized && o.penaltyLastN > 0) {
    for (let i = Math.max(0, history.length - o.penaltyLastN); i < history.length; i++) {
      const id = history[i]!;
      const entry = entries.get(id);
      if (entry) entry.count++;
      else entries.set(id, { id, count: 1, bias: 0 });
    }
  }
  return [...entries.values()];
}
