// What the CPU and GPU tests of a recurrent model (LFM2's conv state) share: prefilling a prompt in chunks
// leaves the state token-by-token leaves, and prefix reuse serves only whole slots.
import { expect } from 'vitest';
import type { ModelRunner } from '../model-runner.ts';
import { chatScenario, messageIds, ReuseCheck } from './prefix-reuse-checks.ts';

/** Chunkings of a prompt, each a list of step lengths: token by token, 7 at a time, 64 at a time. */
export const STATE_CHUNKS = [1, 7, 64] as const;

/** `length` prompt ids (BOS, then ordinary pieces), deterministic. */
export function statePrompt(length: number): number[] {
  return [1, ...messageIds(0, length - 1, 259, 250)];
}

/** Splits `prompt` into steps of `chunk` tokens (the last shorter): (start, tokens) each. */
export function chunked(prompt: readonly number[], chunk: number): [number, number[]][] {
  const steps: [number, number[]][] = [];
  for (let start = 0; start < prompt.length; start += chunk)
    steps.push([start, prompt.slice(start, start + chunk)]);
  return steps;
}

/** Largest |a - b| over all layers' states. */
export function maxStateDiff(a: readonly Float32Array[], b: readonly Float32Array[]): number {
  let max = 0;
  a.forEach((state, l) => {
    for (let i = 0; i < state.length; i++) max = Math.max(max, Math.abs(state[i]! - b[l]![i]!));
  });
  return max;
}

/**
 * Two conversations alternating, a regenerate and an edit (prefix-reuse-checks.ts), each request also run on a
 * runner that prefills it whole: a next turn reuses all its slot holds, the regenerate and the edit (whose
 * slot holds positions past the prompt's start) prefill from 0.
 */
export async function recurrentChatChecks(reusing: ModelRunner, reference: ModelRunner): Promise<void> {
  const check = new ReuseCheck(reusing, reference, 4, true);
  await chatScenario(check, 1, (i) => messageIds(i, 4, 259, 250));
  const cached = (label: string) => check.outcomes.get(label)!.cached;
  const length = (label: string) => check.outcomes.get(label)!.prompt.length;
  // The reply's last token was sampled, not run: the slot holds the prompt and 3 of 4 replies.
  for (const [turn, previous] of [
    ['A2', 'A1'],
    ['B2', 'B1'],
    ['A3', 'A2'],
    ['B3', 'B2'],
    ['A4 after the edit', 'A3 edited'],
  ])
    expect(cached(turn!), turn).toBe(length(previous!) + 3);
  expect(cached('A3 regenerated')).toBe(0);
  expect(cached('A3 edited')).toBe(0);
}
