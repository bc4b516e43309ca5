/** What a step hands back: the argmax (read back as one id) or the whole next-token logits. */
export type Readback = 'argmax' | 'logits';

export type StepOutput = { kind: 'argmax'; token: number } | { kind: 'logits'; logits: Float32Array };

/** A model backend (CPU reference or GPU) as the generate loop sees it. */
export interface ModelRunner {
  readonly vocabSize: number;
  /** KV cache length (tokens): positions 0 .. contextLength - 1 exist. */
  readonly contextLength: number;
  /**
   * Runs `tokens` at positions `pos` .. `pos + tokens.length - 1` (earlier positions must already be cached),
   * and returns the choice input for the token after the last one. Throws ContextOverflowError past the cache.
   */
  run(tokens: readonly number[], pos: number, readback: Readback): Promise<StepOutput>;
}
