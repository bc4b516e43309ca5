import type { Sampler } from './sampling/sampler.ts';
import type { PrefixReuse, SequenceSlots } from './sequences/sequence-slots.ts';

/** A token drawn by `sampler` after the step, with `history` (every token so far, prompt included). */
export interface TokenDraw {
  sampler: Sampler;
  history: readonly number[];
  /**
   * Writes this step's token mask into `sampler.mask` (a constraint's next allowed tokens): CPU work that a
   * runner with `overlapsMask` does while the device runs the step; the generate loop awaits it before
   * run() for other runners.
   */
  prepareMask?: () => Promise<void>;
}

/**
 * What a step hands back: the argmax id (greedy with no penalties or bias), the whole next-token logits
 * (for scoring), or a token drawn by a sampler (the GPU reads back only top candidates for it).
 */
export type Readback = 'argmax' | 'logits' | TokenDraw;

export type StepOutput =
  | { kind: 'argmax'; token: number }
  | { kind: 'logits'; logits: Float32Array }
  | { kind: 'sampled'; token: number };

/** A model backend (CPU reference or GPU) as the generate loop sees it. */
export interface ModelRunner {
  readonly vocabSize: number;
  /** KV cache length (tokens): positions 0 .. contextLength - 1 exist. */
  readonly contextLength: number;
  /** The KV sequences (slots) kept for prefix reuse: which prefix each caches, how many there may be. */
  readonly sequences: SequenceSlots;
  /** run() awaits a draw's prepareMask itself, after submitting the step and before sampling. */
  readonly overlapsMask?: boolean;
  /**
   * Runs `tokens` at positions `pos` .. `pos + tokens.length - 1` (earlier positions must already be cached),
   * and returns the choice input for the token after the last one. Throws ContextOverflowError past the cache.
   */
  run(tokens: readonly number[], pos: number, readback: Readback): Promise<StepOutput>;
  /**
   * Makes current the KV sequence (slot) to run `prompt` in, the one caching the longest prefix of it (see
   * SequenceSlots.choose), and returns how many leading tokens of `prompt` it holds: the caller runs the rest
   * from that position. `reuse` (default 'longest') may limit what it looks for.
   */
  selectSequence(prompt: readonly number[], reuse?: PrefixReuse): Promise<number>;
  /** How many leading tokens of `prompt` a KV sequence holds (what selectSequence would reuse); selects nothing. */
  cachedPrefix(prompt: readonly number[]): number;
}
