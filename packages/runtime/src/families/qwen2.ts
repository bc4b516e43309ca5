// qwen2 (llama.cpp src/models/qwen2.cpp): the llama graph with a bias on Q, K and V and NeoX-paired RoPE.
import { family } from './family.ts';
import { buildLlamaGraph, readLlamaLikeConfig } from './llama.ts';

export const qwen2 = family({
  architecture: 'qwen2',
  readConfig: (source) => readLlamaLikeConfig(source, { pairing: 'neox', qkvBias: true, qkNorm: false }),
  buildGraph: buildLlamaGraph,
});
