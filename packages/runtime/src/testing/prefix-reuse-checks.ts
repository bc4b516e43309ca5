// Prefix reuse must not change a token: each request runs greedily on a runner that reuses its KV sequences
// and on a reference runner that prefills every prompt whole, and the two must generate the same ids. The
// scenarios are chats at the token level (a turn is a message's ids, then the reply generated for it), so
// they run on any model, tokenizer or not; both runners take the same requests in the same order.
import { generate, type StreamingDetokenizer } from '../generate.ts';
import type { ModelRunner } from '../model-runner.ts';
import { defaultSamplingOptions } from '../sampling/options.ts';
import { SYNTHETIC_GEMMA_MODELS, syntheticGemma } from './synthetic-gemma-set.ts';

export interface ReuseOutcome {
  label: string;
  prompt: number[];
  /** Prompt tokens the reusing runner did not prefill. */
  cached: number;
  /** Generated ids (the same on both runners). */
  tokens: number[];
}

const noText: StreamingDetokenizer = { push: () => '', flush: () => '' };

export class ReuseCheck {
  readonly outcomes = new Map<string, ReuseOutcome>();

  constructor(
    private readonly reusing: ModelRunner,
    private readonly reference: ModelRunner,
    private readonly maxTokens: number,
    /** Ask the reference also where nothing was reused: a slot's recurrent state must start afresh. */
    private readonly always = false,
  ) {}

  /**
   * Generates for `prompt` on both runners; throws when their tokens differ. Where nothing was reused, the
   * reusing runner prefilled the whole prompt itself: the reference is not asked unless `always`.
   */
  async request(label: string, prompt: number[]): Promise<ReuseOutcome> {
    const run = (runner: ModelRunner, cachePrompt: boolean) =>
      generate(runner, noText, {
        promptIds: prompt,
        sampling: { ...defaultSamplingOptions, temperature: 0 },
        maxTokens: this.maxTokens,
        stopTokenIds: new Set(),
        stopStrings: [],
        cachePrompt,
      });
    const reused = await run(this.reusing, true);
    const outcome = { label, prompt, cached: reused.cachedTokens, tokens: reused.tokens };
    this.outcomes.set(label, outcome);
    if (reused.cachedTokens === 0 && !this.always) return outcome;
    const whole = await run(this.reference, false);
    if (whole.cachedTokens !== 0)
      throw new Error(`${label}: the reference reused ${whole.cachedTokens} tokens`);
    if (reused.tokens.join() !== whole.tokens.join())
      throw new Error(
        `${label}: with reuse ${reused.tokens.join(' ')}, without ${whole.tokens.join(' ')} (${reused.cachedTokens} cached)`,
      );
    return outcome;
  }
}

/**
 * A small gemma3 (three layers, two with a 32-position sliding window, one global) in F32: the windowed ring
 * caches at a test's cost.
 */
export function windowedTestModel(): Uint8Array {
  const { spec } = SYNTHETIC_GEMMA_MODELS.find((m) => m.name === 'gemma3-F32')!;
  return syntheticGemma({ ...spec, nEmbd: 64, nFf: 128, nHead: 2, nHeadKv: 1, headDim: 32 });
}

/** Ids of the i-th user message: `length` ids in [first, first + span), deterministic. */
export function messageIds(i: number, length: number, first: number, span: number): number[] {
  return Array.from({ length }, (_, j) => first + ((i * 131 + j * 37 + 11) % span));
}

/**
 * Two conversations alternating on one engine (each must keep its own slot), the next turns, a regenerated
 * reply and an edited last message. `message(i)` is the i-th user message's ids; conversations start at `bos`.
 */
export async function chatScenario(
  check: ReuseCheck,
  bos: number,
  message: (i: number) => number[],
): Promise<void> {
  const turn = (previous: ReuseOutcome, i: number) => [...previous.prompt, ...previous.tokens, ...message(i)];
  const a1 = await check.request('A1', [bos, ...message(0)]);
  const b1 = await check.request('B1', [bos, ...message(1)]);
  const a2 = await check.request('A2', turn(a1, 2));
  const b2 = await check.request('B2', turn(b1, 3));
  await check.request('A3', turn(a2, 4));
  await check.request('B3', turn(b2, 5));
  await check.request('A3 regenerated', turn(a2, 4));
  await check.request('A3 edited', turn(a2, 6));
  await check.request('A4 after the edit', turn(check.outcomes.get('A3 edited')!, 7));
}

/**
 * A conversation longer than a sliding window's ring: the next turn reuses the cache; an edit far back, where
 * the ring has lost positions the window needs, must prefill again; an edit of the last message reuses.
 */
export async function ringScenario(
  check: ReuseCheck,
  bos: number,
  longMessage: number[],
  message: (i: number) => number[],
): Promise<void> {
  const first = await check.request('long', [bos, ...longMessage]);
  const next = [...first.prompt, ...first.tokens];
  await check.request('long next', [...next, ...message(0)]);
  await check.request('long edited early', [bos, ...longMessage.slice(0, 4), ...message(1)]);
  await check.request('long edited last', [...next, ...message(2)]);
}
