// A per-request constraint on which tokens may come next (a grammar, a JSON schema): the generate loop asks it
// for each step's token mask and tells it each token sampled. The mask is a bitmask over the vocabulary,
// applied by the sampler on the CPU and by the token-mask kernel on the GPU.

/** u32 words in a token mask over `vocabSize` tokens. */
export const maskWords = (vocabSize: number): number => Math.ceil(vocabSize / 32);

/** Whether `mask` ((ceil(vocab / 32)) u32; bit id % 32 of word id >> 5) lets token `id` come next. */
export const tokenAllowed = (mask: Uint32Array, id: number): boolean =>
  ((mask[id >>> 5]! >>> (id & 31)) & 1) === 1;

export interface TokenConstraint {
  /** Writes the tokens allowed next into `mask` ((ceil(vocab / 32)) u32; set bit: allowed). */
  fillMask(mask: Uint32Array): Promise<void>;
  /** Moves past `token`, one the last mask allowed (stop tokens are never passed: they end generation). */
  accept(token: number): void;
}
