// Chooses one token from logits: the processors in llama.cpp's order, then argmax or a seeded draw.
import type { TailStats } from '@wgllm/kernels';
import { argmaxIndex, type Candidates, createCandidates, fillFromLogits, softmaxInto } from './candidates.ts';
import {
  applyLogitBias,
  applyMinP,
  applyPenalties,
  applyTemperature,
  applyTokenMask,
  applyTopK,
  applyTopP,
} from './logits-processors.ts';
import { isGreedy, type SamplingOptions } from './options.ts';
import { SeededRandom } from './rng.ts';

export class Sampler {
  private readonly candidates: Candidates;
  private readonly probabilities: Float64Array;
  private readonly random: SeededRandom;
  /** Tokens drawn so far: the GPU's tail noise is seeded with it, so every draw gets fresh noise. */
  draws = 0;
  /**
   * The tokens a constraint allows at this draw ((ceil(vocab / 32)) u32, set bit: allowed), rewritten before
   * each step; undefined when unconstrained. Applied after bias and penalties, here and on the GPU.
   */
  mask: Uint32Array<ArrayBuffer> | undefined;

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
    this.draws++;
    applyLogitBias(c, o.logitBias);
    const recent = o.penaltyLastN > 0 ? history.slice(-o.penaltyLastN) : [];
    applyPenalties(c, recent, {
      repetition: o.repetitionPenalty,
      frequency: o.frequencyPenalty,
      presence: o.presencePenalty,
    });
    if (this.mask) applyTokenMask(c, this.mask);
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

  /**
   * Samples from the GPU's top candidates (sorted by logit, bias and penalties already applied there);
   * `tail` summarizes every other token. Exact whenever what top-k, top-p and min-p keep lies within the
   * candidates. Otherwise the other tokens take part as one outcome of weight `tail.sumTail`, resolved to
   * the GPU's draw from them (in proportion to exp(l / T)); top-p and min-p are then not applied inside
   * the tail (it may keep tokens they would cut).
   */
  sampleTop(c: Candidates, tail: TailStats): number {
    const o = this.options;
    this.draws++;
    if (isGreedy(o)) return c.ids[0]!;
    const returned = c.length;
    applyTopK(c, o.topK);
    let tailKept = tail.tailCount > 0 && (o.topK <= 0 || o.topK > returned);
    if (tailKept && o.topP < 1) tailKept = !cutAtMass(c, o.topP, tail.sumAll);
    else applyTopP(c, o.topP, this.probabilities);
    if (tailKept && o.minP > 0) tailKept = c.logits[c.length - 1]! >= c.logits[0]! + Math.log(o.minP);
    applyMinP(c, o.minP);
    // Weights relative to the top logit, the reference the tail's sum was taken against.
    let total = tailKept ? tail.sumTail : 0;
    for (let i = 0; i < c.length; i++) {
      this.probabilities[i] = Math.exp((c.logits[i]! - c.logits[0]!) / o.temperature);
      total += this.probabilities[i]!;
    }
    const target = this.random.next() * total;
    let mass = 0;
    for (let i = 0; i < c.length; i++) {
      mass += this.probabilities[i]!;
      if (target < mass) return c.ids[i]!;
    }
    return tailKept && tail.tailId !== NO_TOKEN ? tail.tailId : c.ids[c.length - 1]!;
  }
}

const NO_TOKEN = 0xffffffff;

/**
 * Top-p over sorted candidates whose softmax normalizer (at temperature 1, relative to the top logit) is
 * `normalizer`: cuts at the smallest prefix reaching `p` and returns true, or returns false if even all of
 * them fall short.
 */
function cutAtMass(c: Candidates, p: number, normalizer: number): boolean {
  let mass = 0;
  for (let i = 0; i < c.length; i++) {
    mass += Math.exp(c.logits[i]! - c.logits[0]!) / normalizer;
    if (mass >= p) {
      c.length = i + 1;
      return true;
    }
  }
  return false;
}
