// What the quality lab needs from a model, whatever runs it (the CPU reference, the GPU engine, a Worker).

export interface QualityModel {
  readonly name: string;
  readonly vocabSize: number;
  /** KV cache bytes per token of context (keys and values, all layers, at the cache's element type). */
  readonly kvBytesPerToken: number;
  /** BOS id that starts every perplexity window, undefined when the vocabulary adds no BOS (llama.cpp add_bos). */
  readonly bos: number | undefined;
  /** Tokenizes text as llama-perplexity does: special tokens added (BOS), special-token text not parsed. */
  tokenize(text: string): number[];
  /**
   * Runs `tokens` at positions 0 .. n-1 from an empty KV cache and calls `onLogits(pos, logits)` for every
   * position >= `from`, in order; `logits` (vocab) may be reused after the call returns.
   */
  evaluate(
    tokens: readonly number[],
    from: number,
    onLogits: (pos: number, logits: Float32Array) => void,
  ): Promise<void>;
}
