/** How the next token is chosen; field meanings follow llama.cpp's sampler of the same name. */
export interface SamplingOptions {
  /** 0 (or less) means greedy: argmax, every other option but penalties and bias ignored. */
  temperature: number;
  /** Keep the k most likely tokens; 0 keeps all. */
  topK: number;
  /** Keep the smallest set whose probability reaches p; 1 keeps all. */
  topP: number;
  /** Drop tokens below minP times the top probability; 0 keeps all. */
  minP: number;
  /** Divides positive logits (multiplies negative ones) of recently seen tokens; 1 is off. */
  repetitionPenalty: number;
  /** Subtracted from a recent token's logit once per occurrence; 0 is off. */
  frequencyPenalty: number;
  /** Subtracted once from the logit of any recent token; 0 is off. */
  presencePenalty: number;
  /** How many of the latest tokens (prompt included) the penalties look at (tokens). */
  penaltyLastN: number;
  /** Added to a token's logit before anything else; -Infinity bans it. */
  logitBias: ReadonlyMap<number, number>;
  /** Seed of the random stream: the same seed and inputs give the same tokens. */
  seed: number;
}

export const defaultSamplingOptions: Readonly<SamplingOptions> = {
  temperature: 0.8,
  topK: 40,
  topP: 0.95,
  minP: 0.05,
  repetitionPenalty: 1,
  frequencyPenalty: 0,
  presencePenalty: 0,
  penaltyLastN: 64,
  logitBias: new Map(),
  seed: 0,
};

export function isGreedy(options: SamplingOptions): boolean {
  return options.temperature <= 0;
}

/** Penalties or bias change logits before the choice (so even greedy is more than an argmax). */
export function adjustsLogits(options: SamplingOptions): boolean {
  return (
    options.repetitionPenalty !== 1 ||
    options.frequencyPenalty !== 0 ||
    options.presencePenalty !== 0 ||
    options.logitBias.size > 0
  );
}
