// Chooses one token from logits: the processors in llama.cpp's order, then argmax or a seeded draw.
import { argmaxIndex, type Candidates, createCandidates, fillFromLogits, softmaxInto } from './candidates.ts';
import {
  applyLogitBias,
  applyMinP,
  applyPenalties,
  applyTemperature,
  applyTopK,
  applyTopP,
} from './logits-processors.ts';
import { isGreedy, type SamplingOptions } from './options.ts';
import { SeededRandom } from './rng.ts';

export class Sampler {
  private readonly candidates: Candidates;
  private readonly probabilities: Float64Array;
  private readonly random: SeededRandom;

  constructor(
    readonly options: SamplingOptions,
    /** Largest candidate list this sampler will see (the vocabulary size). */
    capacity: number,
  ) {
    this.candidates = createCandidates(capacity);
    this.probabilities = new Float64Array(capacity);
    this.random = new SeededRandom(options.seed);
  }

  /** Samples from full-vocabulary `logits` (vocab); `history` is every token so far, prompt included. */
  sampleLogits(logits: Float32Array, history: readonly number[]): number {
    fillFromLogits(this.candidates, logits);
    return this.sampleCandidates(this.candidates, history);
  }

  /** Samples from a candidate list (e.g. the GPU's top-k), which this call modifies. */
  sampleCandidates(c: Candidates, history: readonly number[]): number {
    const o = this.options;
    applyLogitBias(c, o.logitBias);
    const recent = o.penaltyLastN > 0 ? history.slice(-o.penaltyLastN) : [];
    applyPenalties(c, recent, {
      repetition: o.repetitionPenalty,
      frequency: o.frequencyPenalty,
      presence: o.presencePenalty,
    });
    if (isGreedy(o)) return c.ids[argmaxIndex(c)]!;
    applyTopK(c, o.topK);
    applyTopP(c, o.topP, this.probabilities);
    applyMinP(c, o.minP);
    applyTemperature(c, o.temperature);
    softmaxInto(c, this.probabilities);
    const u = this.random.next();
    let mass = 0;
    for (let i = 0; i < c.length; i++) {
      mass += this.probabilities[i]!;
      if (u < mass) return c.ids[i]!;
    }
    return c.ids[c.length - 1]!;
  }
}
