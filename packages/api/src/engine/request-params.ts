// OpenAI request fields to the runtime's sampling and stopping settings, refusing bad values with BadRequest
// (so the HTTP server answers 400 and the caller learns which field is wrong).
import { defaultSamplingOptions, type SamplingOptions } from '@wgllm/runtime';
import { BadRequestError } from '../errors/errors.ts';
import type { SamplingParams } from '../openai-types.ts';

export interface GenerationSettings {
  sampling: SamplingOptions;
  /** Undefined: until the context is full. */
  maxTokens: number | undefined;
  stopStrings: string[];
  contextOverflow: ContextOverflow;
  /** Reuse the cached prefix of the prompt (default true). */
  cachePrompt: boolean;
}

const CONTEXT_OVERFLOWS = ['error', 'slide', 'drop_oldest_turns'] as const;
export type ContextOverflow = (typeof CONTEXT_OVERFLOWS)[number];

/** OpenAI's most negative bias; llama.cpp and OpenAI both treat it as a ban. */
const BAN_BIAS = -100;
const MAX_STOP_STRINGS = 4;

function numberParam(params: SamplingParams, name: keyof SamplingParams, min: number, max: number) {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new BadRequestError(`${name} must be a number in [${min}, ${max}]`, { param: name });
  }
  return value;
}

function integerParam(params: SamplingParams, name: keyof SamplingParams, min: number, max: number) {
  const value = numberParam(params, name, min, max);
  if (value !== undefined && !Number.isInteger(value)) {
    throw new BadRequestError(`${name} must be an integer`, { param: name });
  }
  return value;
}

function stopStrings(stop: unknown): string[] {
  if (stop === undefined || stop === null) return [];
  const list = typeof stop === 'string' ? [stop] : stop;
  if (
    !Array.isArray(list) ||
    list.length > MAX_STOP_STRINGS ||
    list.some((s) => typeof s !== 'string' || !s)
  ) {
    throw new BadRequestError(`stop must be a non-empty string or up to ${MAX_STOP_STRINGS} of them`, {
      param: 'stop',
    });
  }
  return list as string[];
}

function logitBias(bias: unknown, vocabSize: number): Map<number, number> {
  const map = new Map<number, number>();
  if (bias === undefined || bias === null) return map;
  if (typeof bias !== 'object' || Array.isArray(bias)) {
    throw new BadRequestError('logit_bias must map token ids to numbers', { param: 'logit_bias' });
  }
  for (const [key, value] of Object.entries(bias)) {
    const id = Number(key);
    if (
      !Number.isInteger(id) ||
      id < 0 ||
      id >= vocabSize ||
      typeof value !== 'number' ||
      Number.isNaN(value)
    ) {
      throw new BadRequestError(
        `logit_bias: ${key} -> ${String(value)} is not a token id (< ${vocabSize}) and a number`,
        {
          param: 'logit_bias',
        },
      );
    }
    map.set(id, value <= BAN_BIAS ? Number.NEGATIVE_INFINITY : value);
  }
  return map;
}

/** A seed for requests without one, so that unseeded requests differ from each other. */
function randomSeed(): number {
  return Math.floor(Math.random() * 2 ** 32);
}

export function generationSettings(params: SamplingParams, vocabSize: number): GenerationSettings {
  const d = defaultSamplingOptions;
  const sampling: SamplingOptions = {
    ...d,
    temperature: numberParam(params, 'temperature', 0, 2) ?? d.temperature,
    topK: integerParam(params, 'top_k', 0, vocabSize) ?? d.topK,
    topP: numberParam(params, 'top_p', 0, 1) ?? d.topP,
    minP: numberParam(params, 'min_p', 0, 1) ?? d.minP,
    frequencyPenalty: numberParam(params, 'frequency_penalty', -2, 2) ?? d.frequencyPenalty,
    presencePenalty: numberParam(params, 'presence_penalty', -2, 2) ?? d.presencePenalty,
    repetitionPenalty: numberParam(params, 'repetition_penalty', 0, 10) ?? d.repetitionPenalty,
    logitBias: logitBias(params.logit_bias, vocabSize),
    seed: integerParam(params, 'seed', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) ?? randomSeed(),
  };
  return {
    sampling,
    maxTokens: integerParam(params, 'max_tokens', 1, Number.MAX_SAFE_INTEGER),
    stopStrings: stopStrings(params.stop),
    contextOverflow: contextOverflow(params.context_overflow),
    cachePrompt: cachePrompt(params.cache_prompt),
  };
}

function contextOverflow(value: unknown): ContextOverflow {
  if (value === undefined) return 'error';
  if (CONTEXT_OVERFLOWS.includes(value as ContextOverflow)) return value as ContextOverflow;
  throw new BadRequestError(
    `context_overflow must be ${CONTEXT_OVERFLOWS.map((v) => `'${v}'`).join(', ')}, got ${String(value)}`,
    { param: 'context_overflow' },
  );
}

function cachePrompt(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'boolean') return value;
  throw new BadRequestError('cache_prompt must be a boolean', { param: 'cache_prompt' });
}
