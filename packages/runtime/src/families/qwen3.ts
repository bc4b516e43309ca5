// qwen3 (llama.cpp src/models/qwen3.cpp): the llama graph with RMSNorm over each Q and K head before RoPE
// (NeoX-paired), no bias; head_dim comes from attention.key_length (128 on 1024-wide models).
import { family } from './family.ts';
import { buildLlamaGraph, readLlamaLikeConfig } from './llama.ts';

export const qwen3 = family({
  architecture: 'qwen3',
  readConfig: (source) => readLlamaLikeConfig(source, { pairing: 'neox', qkvBias: false, qkNorm: true }),
  buildGraph: buildLlamaGraph,
});
