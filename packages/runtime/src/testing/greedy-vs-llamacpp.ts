// Judges a greedy generation against llama.cpp's (issue #5): equal token for token, except that a run may leave
// llama.cpp's tokens where llama.cpp's top two are within ln(p1/p2) < 0.15 and we took its second choice.
// The reference file holds llama.cpp's top-2 only for its teacher-forced text, not along its greedy outputs, so
// the near-ties come from our CPU reference forward fed llama.cpp's own tokens.

import { NEAR_TIE, type TopTwo, topTwo } from '../metrics/logit-metrics.ts';
import type { GreedyCase } from './llamacpp-reference.ts';
import type { StepFn } from './reference-checks.ts';

/** The reference's top-2 before each of llama.cpp's generated tokens, teacher-forcing its prompt and output. */
export async function referenceTopTwo(c: GreedyCase, step: StepFn): Promise<TopTwo[]> {
  const tokens = [...c.prompt_token_ids, ...c.generated_token_ids];
  const tops: TopTwo[] = [];
  for (let pos = 0; pos < tokens.length - 1; pos++) {
    const logits = await step(tokens[pos]!, pos);
    if (pos >= c.prompt_token_ids.length - 1) tops.push(topTwo(logits));
  }
  return tops;
}

export interface GreedyVerdict {
  /** Generated tokens equal to llama.cpp's before the first difference. */
  matched: number;
  of: number;
  /** First position along llama.cpp's tokens where the reference's top-2 are a near-tie; null when none. */
  firstNearTie: number | null;
  /** Why the run fails the rule; null when it passes. */
  failure: string | null;
}

/**
 * `exact`: every token must equal llama.cpp's. `upToNearTie`: the first difference, if any, must be a near-tie
 * of the reference whose top-2 are exactly llama.cpp's token and ours (order aside: the CPU reference may itself
 * sit on the other side of the tie); after it the two texts legitimately differ.
 */
export function judgeGreedy(
  c: GreedyCase,
  generated: readonly number[],
  tops: readonly TopTwo[],
  rule: 'exact' | 'upToNearTie',
): GreedyVerdict {
  const expected = c.generated_token_ids;
  let matched = 0;
  while (matched < expected.length && generated[matched] === expected[matched]) matched++;
  const nearTie = tops.findIndex((t) => t.margin < NEAR_TIE);
  const verdict = { matched, of: expected.length, firstNearTie: nearTie < 0 ? null : nearTie };
  if (matched === expected.length) return { ...verdict, failure: null };
  const ours = generated[matched];
  const theirs = expected[matched]!;
  const top = tops[matched]!;
  const difference = `token ${matched}: ours ${ours ?? 'missing'}, llama.cpp ${theirs}; reference top-2 ${top.first}/${top.second}, ln(p1/p2) ${top.margin.toFixed(3)}`;
  if (rule === 'exact') return { ...verdict, failure: `must match to the end; ${difference}` };
  const pair = new Set([top.first, top.second]);
  const tookSecond = ours !== undefined && pair.has(ours) && pair.has(theirs);
  if (top.margin < NEAR_TIE && tookSecond) return { ...verdict, failure: null };
  return { ...verdict, failure: `left llama.cpp's tokens outside a near-tie; ${difference}` };
}
