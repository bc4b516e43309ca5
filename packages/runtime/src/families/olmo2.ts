// olmo2 (llama.cpp src/models/olmo2.cpp): no pre-norms; each block's output is RMS-normed before its residual
// add (post_attention_norm, post_ffw_norm), Q and K are RMS-normed over the whole projection (all heads
// together) before NeoX-paired RoPE, SwiGLU, an untied output head. Sliding-window files (OLMo 3) are refused.
import { UnsupportedModelError } from '../errors.ts';
import { GraphBuilder } from '../graph/builder.ts';
import type { ModelGraph, Value } from '../graph/graph.ts';
import { selfAttention, swigluFeedForward } from '../graph/transformer-blocks.ts';
import type { ModelSource } from '../model/config.ts';
import { family } from './family.ts';
import { type LlamaConfig, readLlamaLikeConfig } from './llama.ts';

export function buildOlmo2Graph(c: LlamaConfig): ModelGraph {
  const g = new GraphBuilder();
  let x = g.embed(g.weight('token_embd.weight', c.nEmbd, c.vocabSize), 'inp_embd');
  const norm = (v: Value, weight: string, name: string) =>
    g.rmsNorm(v, g.weight(weight, c.nEmbd), c.rmsEps, name);
  for (let l = 0; l < c.nLayer; l++) {
    g.layer(l);
    const attnOut = selfAttention(g, l, x, c);
    const ffnInp = g.add(
      norm(attnOut, `blk.${l}.post_attention_norm.weight`, 'attn_post_norm'),
      x,
      'ffn_inp',
    );
    const ffnOut = swigluFeedForward(g, l, ffnInp, c.nEmbd, c.nFf);
    x = g.add(norm(ffnOut, `blk.${l}.post_ffw_norm.weight`, 'ffn_post_norm'), ffnInp, 'l_out');
  }
  g.layer(undefined);
  const out = norm(x, 'output_norm.weight', 'result_norm');
  const head = g.weight('output.weight', c.nEmbd, c.vocabSize);
  return g.finish(g.matmul(head, g.lastToken(out, 'result_norm_last'), 'result_output'));
}

function readOlmo2Config(source: ModelSource): LlamaConfig {
  const window = 'olmo2.attention.sliding_window';
  if (Number(source.metadata.get(window) ?? 0) > 0)
    throw new UnsupportedModelError('olmo2 with sliding-window attention (OLMo 3) is not supported', window);
  const config = readLlamaLikeConfig(source, { pairing: 'neox', qkvBias: false, qkNorm: true });
  // llama.cpp's olmo2 tensors are (n_embd, n_embd) projections: the heads span the residual width.
  if (config.nHead * config.headDim !== config.nEmbd)
    throw new UnsupportedModelError(
      'olmo2 with heads wider than n_embd is not supported',
      'olmo2.attention.key_length',
    );
  return { ...config, qkNormOver: 'projection' };
}

export const olmo2 = family({
  architecture: 'olmo2',
  readConfig: readOlmo2Config,
  buildGraph: buildOlmo2Graph,
});
