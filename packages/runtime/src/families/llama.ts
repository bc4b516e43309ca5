// llama (llama.cpp src/models/llama.cpp): pre-norm decoder, RMSNorm, RoPE on adjacent pairs (the converter
// permutes Q/K rows to match), GQA, SwiGLU. qwen2 and qwen3 run this graph with their own config flags.
import { GraphBuilder } from '../graph/builder.ts';
import type { ModelGraph } from '../graph/graph.ts';
import { type SelfAttentionShape, selfAttention, swigluFeedForward } from '../graph/transformer-blocks.ts';
import {
  type ModelConfig,
  type ModelSource,
  type RopePairing,
  readTransformerConfig,
} from '../model/config.ts';
import { family } from './family.ts';

export interface LlamaConfig extends ModelConfig, SelfAttentionShape {}

export function buildLlamaGraph(c: LlamaConfig): ModelGraph {
  const g = new GraphBuilder();
  const tokenEmbd = g.weight('token_embd.weight', c.nEmbd, c.vocabSize);
  let x = g.embed(tokenEmbd, 'inp_embd');
  for (let l = 0; l < c.nLayer; l++) {
    g.layer(l);
    const attnIn = g.rmsNorm(x, g.weight(`blk.${l}.attn_norm.weight`, c.nEmbd), c.rmsEps, 'attn_norm');
    x = g.add(x, selfAttention(g, l, attnIn, c), 'ffn_inp');
    const ffnIn = g.rmsNorm(x, g.weight(`blk.${l}.ffn_norm.weight`, c.nEmbd), c.rmsEps, 'ffn_norm');
    x = g.add(x, swigluFeedForward(g, l, ffnIn, c.nEmbd, c.nFf), 'l_out');
  }
  g.layer(undefined);
  const out = g.rmsNorm(x, g.weight('output_norm.weight', c.nEmbd), c.rmsEps, 'result_norm');
  const head = c.tiedOutput ? tokenEmbd : g.weight('output.weight', c.nEmbd, c.vocabSize);
  return g.finish(g.matmul(head, g.lastToken(out, 'result_norm_last'), 'result_output'));
}

/** The llama graph's config: the shared keys, with RoPE layout and attention options as given. */
export function readLlamaLikeConfig(
  source: ModelSource,
  options: Pick<LlamaConfig, 'qkvBias' | 'qkNorm'> & { pairing: RopePairing },
): LlamaConfig {
  return {
    ...readTransformerConfig(source, options.pairing),
    qkvBias: options.qkvBias,
    qkNorm: options.qkNorm,
  };
}

export const llama = family({
  architecture: 'llama',
  readConfig: (source) => readLlamaLikeConfig(source, { pairing: 'adjacent', qkvBias: false, qkNorm: false }),
  buildGraph: buildLlamaGraph,
});
