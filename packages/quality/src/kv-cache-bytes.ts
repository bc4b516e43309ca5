// KV cache size per token of context: what GQA saves.

export interface AttentionShape {
  nLayer: number;
  nHeadKv: number;
  /** Elements per head. */
  headDim: number;
}

/** Keys and values of every layer for one token, at `bytesPerElement` (2: the f16 cache llama.cpp and our GPU use). */
export function kvCacheBytesPerToken(shape: AttentionShape, bytesPerElement = 2): number {
  return 2 * shape.nLayer * shape.nHeadKv * shape.headDim * bytesPerElement;
}
