// smollm3 (llama.cpp src/models/smollm3.cpp): the llama graph (adjacent-pair RoPE, GQA, SwiGLU, tied head)
// with every fourth layer a NoPE layer, no rotary embedding at all: llama.cpp hard-codes n_no_rope_layer_step
// to 4 (no GGUF key), so layers 3, 7, 11, ... attend by content alone.
import { family } from './family.ts';
import { buildLlamaGraph, readLlamaLikeConfig } from './llama.ts';

export const smollm3 = family({
  architecture: 'smollm3',
  readConfig: (source) => ({
    ...readLlamaLikeConfig(source, { pairing: 'adjacent', qkvBias: false, qkNorm: false }),
    noRopeLayerStep: 4,
  }),
  buildGraph: buildLlamaGraph,
});
