// The generate loop: prefill the prompt, then sample, stop-check, detokenize and decode one token at a time.
import { maskWords, type TokenConstraint } from './constraint/token-constraint.ts';
import { ContextOverflowError } from './errors.ts';
import type { ModelRunner, Readback, StepOutput } from './model-runner.ts';
import { adjustsLogits, isGreedy, type SamplingOptions } from './sampling/options.ts';
import { Sampler } from './sampling/sampler.ts';
import { StopStringFilter } from './sampling/stop-strings.ts';
import { type FinishReason, tokenStopReason } from './sampling/stopping.ts';
import type { PrefixReuse } from './sequences/sequence-slots.ts';

/** Turns generated ids into text as they arrive (multi-byte characters may span tokens). */
export interface StreamingDetokenizer {
  /** Text completed by this token ('' while a character is still partial). */
  push(token: number): string;
  /** Whatever is still pending at the end. */
  flush(): string;
}

export interface GenerateRequest {
  promptIds: readonly number[];
  sampling: SamplingOptions;
  /** Most tokens to generate. */
  maxTokens: number;
  /** Ids that end generation unseen (the model's end-of-generation ids plus any the caller adds). */
  stopTokenIds: ReadonlySet<number>;
  /** Strings that end generation; neither they nor anything after them is emitted. */
  stopStrings: readonly string[];
  signal?: AbortSignal;
  /** Prompt tokens per prefill submission (bounds the GPU's activation buffers). */
  prefillChunk?: number;
  /**
   * When generation reaches the end of the context: 'error' (default) ends with finish reason 'length';
   * 'slide' keeps the first `keepTokens` tokens and the latest half of the rest, re-evaluates that window
   * and goes on (llama.cpp's context shift, recomputed instead of re-rotating the cache).
   */
  contextOverflow?: 'error' | 'slide';
  /** Tokens at the start kept by 'slide' (default: the prompt's, at most half the context). */
  keepTokens?: number;
  /** Limits each step to the tokens it allows (structured output); told every token sampled. */
  constraint?: TokenConstraint;
  /**
   * Prefill only what follows the longest prefix of the prompt a KV sequence of the runner holds (the
   * previous turn of a chat, a regenerated reply's prompt); default true. False re-prefills the whole prompt.
   */
  cachePrompt?: boolean;
}

export interface GenerateChunk {
  token: number;
  /** Text this token makes visible (may be '', e.g. inside a possible stop string). */
  text: string;
}

export interface GenerateResult {
  /** Sampled ids, stop tokens excluded. */
  tokens: number[];
  text: string;
  finishReason: FinishReason;
  /** Leading prompt tokens that were cached (not prefilled). */
  cachedTokens: number;
  /** Wall time of the prompt pass, ms. */
  prefillMs: number;
  /** Wall time of all decode steps, ms. */
  decodeMs: number;
}

const DEFAULT_PREFILL_CHUNK = 64;

export async function generate(
  runner: ModelRunner,
  detokenizer: StreamingDetokenizer,
  request: GenerateRequest,
  onChunk?: (chunk: GenerateChunk) => void,
): Promise<GenerateResult> {
  const { promptIds, sampling, signal } = request;
  if (promptIds.length === 0) throw new Error('the prompt must hold at least one token (e.g. BOS)');
  if (promptIds.length > runner.contextLength) {
    throw new ContextOverflowError(promptIds.length, runner.contextLength);
  }
  const sampler = new Sampler(sampling, runner.vocabSize);
  const history = [...promptIds];
  const { constraint } = request;
  const readback = drawFor(runner, sampler, history, constraint);
  /** Runs a step whose output is sampled, preparing the mask first unless the runner overlaps it. */
  const sampledStep = async (ids: readonly number[], pos: number): Promise<StepOutput> => {
    if (typeof readback === 'object' && !runner.overlapsMask) await readback.prepareMask?.();
    return runner.run(ids, pos, readback);
  };
  const stopFilter = new StopStringFilter(request.stopStrings);
  const tokens: number[] = [];
  let text = '';
  let prefillMs = 0;
  let cachedTokens = 0;
  let decodeStart = performance.now();
  const result = (finishReason: FinishReason): GenerateResult => {
    text += stopFilter.push(detokenizer.flush()) + stopFilter.flush();
    const decodeMs = performance.now() - decodeStart;
    return { tokens, text, finishReason, cachedTokens, prefillMs, decodeMs };
  };
  if (request.maxTokens <= 0) return result('length');

  const prefillStart = performance.now();
  const chunk = request.prefillChunk ?? DEFAULT_PREFILL_CHUNK;
  /**
   * Evaluates `ids` from position 0 in chunks, after the prefix a KV sequence already holds; undefined when
   * aborted.
   */
  const prefill = async (ids: readonly number[], reuse: PrefixReuse): Promise<StepOutput | undefined> => {
    const cached = await runner.selectSequence(ids, reuse);
    if (ids === promptIds) cachedTokens = cached;
    let last: StepOutput | undefined;
    for (let start = cached; start < ids.length; start += chunk) {
      if (signal?.aborted) return undefined;
      const piece = ids.slice(start, start + chunk);
      last =
        start + chunk >= ids.length
          ? await sampledStep(piece, start)
          : await runner.run(piece, start, readback);
    }
    return last;
  };
  let output = await prefill(promptIds, (request.cachePrompt ?? true) ? 'longest' : 'off');
  if (!output) return result('abort');
  prefillMs = performance.now() - prefillStart;
  // The tokens the cache holds, in order (differs from history once the window has slid).
  let window = [...promptIds];
  const keep = Math.min(request.keepTokens ?? promptIds.length, Math.floor(runner.contextLength / 2));
  decodeStart = performance.now();

  for (;;) {
    if (output.kind === 'logits') throw new Error('a generate step must return a token');
    const next = output.token;
    const stop = tokenStopReason(next, tokens.length + 1, request);
    if (stop === 'stop') return result('stop');
    constraint?.accept(next);
    tokens.push(next);
    history.push(next);
    window.push(next);
    const piece = stopFilter.push(detokenizer.push(next));
    text += piece;
    onChunk?.({ token: next, text: piece });
    if (stopFilter.stopped) return result('stop');
    if (stop === 'length') return result('length');
    if (signal?.aborted) return result('abort');
    if (window.length < runner.contextLength) {
      output = await sampledStep([next], window.length - 1);
      continue;
    }
    if (request.contextOverflow !== 'slide') return result('length');
    const recent = Math.floor((runner.contextLength - keep) / 2);
    window = [...window.slice(0, keep), ...window.slice(window.length - recent)];
    // In the same slot: what it held before the slide is this generation's own past.
    const slid = await prefill(window, 'current');
    if (!slid) return result('abort');
    output = slid;
  }
}

/**
 * What a step reads back: greedy without penalties, bias or a constraint is a plain argmax; anything else is a
 * draw the runner makes with the sampler (the GPU runner applies penalties, bias and the mask on the device).
 */
function drawFor(
  runner: ModelRunner,
  sampler: Sampler,
  history: readonly number[],
  constraint: TokenConstraint | undefined,
): Readback {
  if (!constraint)
    return isGreedy(sampler.options) && !adjustsLogits(sampler.options) ? 'argmax' : { sampler, history };
  const mask = new Uint32Array(maskWords(runner.vocabSize));
  sampler.mask = mask;
  return { sampler, history, prepareMask: () => constraint.fillMask(mask) };
}
