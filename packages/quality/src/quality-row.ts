// One model's line in a quality table, accumulated position by position.
import { argmax } from '@wgllm/runtime';
import { type SampleSummary, summarize } from './percentiles.ts';

export interface QualityRow {
  name: string;
  /** exp(mean negative log-likelihood of the scored tokens). */
  perplexity: number;
  /** Standard error of the perplexity (delta method on the mean NLL), as llama-perplexity prints it. */
  perplexityStderr: number;
  /** Perplexity minus the base's, undefined without a base. */
  deltaPerplexity: number | undefined;
  /** KL(base || this) per scored position (nats), undefined without a base. */
  kl: SampleSummary | undefined;
  /** Fraction of scored positions whose most likely token is the base's, undefined without a base. */
  top1Agreement: number | undefined;
  /** KV cache bytes per token of context. */
  kvBytesPerToken: number;
  scoredTokens: number;
}

/** What a row needs from the base: its per-position verdicts (see BaseReference). */
export interface BaseVerdicts {
  targetLogProb(position: number): number;
  top1(position: number): number;
  kl(position: number, candidateLogProbs: Float64Array): number;
}

export class QualityRowAccumulator {
  private nll: number[] = [];
  private baseNll = 0;
  private kls: number[] = [];
  private sameTop1 = 0;

  constructor(
    private readonly name: string,
    private readonly kvBytesPerToken: number,
    private readonly base?: BaseVerdicts,
  ) {}

  add(position: number, logProbs: Float64Array, target: number): void {
    this.nll.push(-logProbs[target]!);
    if (!this.base) return;
    this.baseNll -= this.base.targetLogProb(position);
    this.kls.push(this.base.kl(position, logProbs));
    if (argmax(logProbs) === this.base.top1(position)) this.sameTop1++;
  }

  row(): QualityRow {
    const n = this.nll.length;
    const nll = summarize(this.nll);
    // Summed in text order, as the base's NLL is, so that the base against itself gives ΔPPL exactly 0.
    const perplexity = Math.exp(this.nll.reduce((a, b) => a + b, 0) / n);
    return {
      name: this.name,
      perplexity,
      perplexityStderr: perplexity * nll.stderr,
      deltaPerplexity: this.base ? perplexity - Math.exp(this.baseNll / n) : undefined,
      kl: this.base ? summarize(this.kls) : undefined,
      top1Agreement: this.base ? this.sameTop1 / n : undefined,
      kvBytesPerToken: this.kvBytesPerToken,
      scoredTokens: n,
    };
  }
}
