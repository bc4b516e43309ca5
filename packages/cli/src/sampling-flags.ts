// The sampling flags shared by the generating commands (run, chat), named as llama.cpp's.
import { defaultSamplingOptions, type SamplingOptions } from '@wgllm/runtime';
import { numberFlag } from './number-flag.ts';

export const samplingFlags = {
  temp: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  'min-p': { type: 'string' },
  'repeat-penalty': { type: 'string' },
  'repeat-last-n': { type: 'string' },
  'frequency-penalty': { type: 'string' },
  'presence-penalty': { type: 'string' },
  seed: { type: 'string' },
} as const;

export const samplingFlagsUsage =
  '[--temp T] [--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--repeat-last-n N] [--frequency-penalty F] [--presence-penalty P] [--seed S]';

export type SamplingFlagValues = { readonly [name in keyof typeof samplingFlags]?: string | undefined };

/** The runtime's defaults overridden by the flags given; without --seed, each run samples differently. */
export function samplingFromFlags(values: SamplingFlagValues): SamplingOptions {
  const d = defaultSamplingOptions;
  return {
    ...d,
    temperature: numberFlag(values.temp, 'temp', d.temperature),
    topK: numberFlag(values['top-k'], 'top-k', d.topK),
    topP: numberFlag(values['top-p'], 'top-p', d.topP),
    minP: numberFlag(values['min-p'], 'min-p', d.minP),
    repetitionPenalty: numberFlag(values['repeat-penalty'], 'repeat-penalty', d.repetitionPenalty),
    penaltyLastN: numberFlag(values['repeat-last-n'], 'repeat-last-n', d.penaltyLastN),
    frequencyPenalty: numberFlag(values['frequency-penalty'], 'frequency-penalty', d.frequencyPenalty),
    presencePenalty: numberFlag(values['presence-penalty'], 'presence-penalty', d.presencePenalty),
    seed: numberFlag(values.seed, 'seed', Date.now() >>> 0),
  };
}
