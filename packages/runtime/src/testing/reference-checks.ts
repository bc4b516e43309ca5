// Runs a model step by step against llama.cpp's reference outputs and measures how far it strays.

import { argmax, klDivergence, logSoftmax, maxAbsDiff, NEAR_TIE, topTwo } from '../metrics/logit-metrics.ts';
import type { GreedyCase, ModelReference } from './llamacpp-reference.ts';

/** Runs one token at one position, returning the next-token logits (vocab). */
export type StepFn = (token: number, pos: number) => Promise<Float32Array> | Float32Array;

export interface TeacherForcedReport {
  positions: number;
  /** Largest |ln p - ln p_ref| over every position and token (top-10 tokens only when the reference lacks the full row). */
  maxAbsLogprobDiff: number;
  /** Mean over positions of KL(reference || ours) in nats; NaN without full reference rows. */
  meanKl: number;
  /** Fraction of positions whose argmax equals the reference's. */
  top1Agreement: number;
}

export async function teacherForced(ref: ModelReference, step: StepFn): Promise<TeacherForcedReport> {
  const { token_ids: tokens, positions } = ref.teacherForced;
  let maxDiff = 0;
  let klSum = 0;
  let agree = 0;
  for (let pos = 0; pos < positions.length; pos++) {
    const expected = positions[pos]!;
    const ours = logSoftmax(await step(tokens[pos]!, pos));
    if (argmax(ours) === expected.argmax) agree++;
    if (expected.logprobs) {
      maxDiff = Math.max(maxDiff, maxAbsDiff(ours, expected.logprobs));
      klSum += klDivergence(expected.logprobs, ours);
    } else {
      for (const [token, p] of expected.top10)
        maxDiff = Math.max(maxDiff, Math.abs(ours[token]! - Math.log(p)));
      klSum = Number.NaN;
    }
  }
  return {
    positions: positions.length,
    maxAbsLogprobDiff: maxDiff,
    meanKl: klSum / positions.length,
    top1Agreement: agree / positions.length,
  };
}

export interface GreedyReport {
  /** Generated tokens equal to the reference's before the first difference. */
  matchLength: number;
  expectedLength: number;
  /** Index of the first generated token whose own top-2 margin ln(p1/p2) was under the near-tie threshold. */
  firstNearTie: number;
  generated: number[];
}

/** Feeds the prompt, then greedily generates as many tokens as the reference did. */
export async function greedyAgainst(c: GreedyCase, step: StepFn, nearTie = NEAR_TIE): Promise<GreedyReport> {
  let logits: Float32Array = new Float32Array();
  let pos = 0;
  for (const token of c.prompt_token_ids) logits = await step(token, pos++);
  const generated: number[] = [];
  let firstNearTie = c.generated_token_ids.length;
  for (let i = 0; i < c.generated_token_ids.length; i++) {
    if (firstNearTie === c.generated_token_ids.length && topTwo(logits).margin < nearTie) firstNearTie = i;
    const next = argmax(logits);
    generated.push(next);
    if (i + 1 < c.generated_token_ids.length) logits = await step(next, pos++);
  }
  let matchLength = 0;
  while (matchLength < generated.length && generated[matchLength] === c.generated_token_ids[matchLength])
    matchLength++;
  return { matchLength, expectedLength: c.generated_token_ids.length, firstNearTie, generated };
}
