// lfm2 (llama.cpp src/models/lfm2.cpp; Liquid AI's LFM2 350M..2.6B): a hybrid of short causal convolution
// blocks and GQA attention blocks, each pre-normed (operator_norm) and followed by a pre-normed SwiGLU FFN.
// Which is which is per layer: `attention.head_count_kv` is an array with 0 for a conv layer (the converter
// writes it from layer_types; llama.cpp's is_recr). A conv block: in_proj to B | C | x, C * causal_conv(B * x)
// over shortconv.l_cache taps with the sequence's conv state, out_proj. An attention block: Q, K, V, RMSNorm
// of each head of Q and K, NeoX RoPE, attention, attn_output. The final norm is `token_embd_norm.weight` (a
// converter naming quirk llama.cpp keeps), the head tied unless output.weight exists. Sliding-window and
// bidirectional (embedding) variants are refused.
import { SHORT_CONV_MAX_KERNEL } from '@wgllm/kernels';
import { UnsupportedModelError } from '../errors.ts';
import { GraphBuilder } from '../graph/builder.ts';
import type { ModelGraph, Value } from '../graph/graph.ts';
import { selfAttention, swigluFeedForward } from '../graph/transformer-blocks.ts';
import {
  type ModelConfig,
  type ModelSource,
  optionalNumber,
  readTransformerConfig,
  requiredNumber,
} from '../model/config.ts';
import { family } from './family.ts';

export interface Lfm2Config extends ModelConfig {
  /** Per layer: its KV heads, 0 for a short-conv layer. */
  layerKvHeads: number[];
  /** Taps of the conv blocks' causal conv (shortconv.l_cache). */
  convKernel: number;
}

/** head_count_kv as llama.cpp reads it: one count for every layer, or an array with one per layer. */
function layerKvHeads(source: ModelSource, key: string, nLayer: number): number[] {
  const value = source.metadata.get(key);
  if (value === undefined) throw new UnsupportedModelError(`GGUF metadata key ${key} is missing`, key);
  if (typeof value === 'number' || typeof value === 'bigint') return Array(nLayer).fill(Number(value));
  const counts = Array.from(value as ArrayLike<number | bigint>, Number);
  if (counts.length !== nLayer)
    throw new UnsupportedModelError(`${key} has ${counts.length} entries for ${nLayer} layers`, key);
  return counts;
}

function readLfm2Config(source: ModelSource): Lfm2Config {
  const m = source.metadata;
  const window = 'lfm2.attention.sliding_window';
  if (optionalNumber(m, window, 0) > 0)
    throw new UnsupportedModelError('lfm2 with sliding-window attention is not supported', window);
  const causal = 'lfm2.attention.causal';
  if (m.get(causal) === false)
    throw new UnsupportedModelError(
      'lfm2 with bidirectional attention (an embedding model) is not supported',
      causal,
    );
  const base = readTransformerConfig(source, 'neox');
  const kvHeads = layerKvHeads(source, 'lfm2.attention.head_count_kv', base.nLayer);
  const attentionHeads = kvHeads.filter((n) => n > 0);
  const taps = 'lfm2.shortconv.l_cache';
  const convKernel = requiredNumber(m, taps);
  if (!(Number.isInteger(convKernel) && convKernel >= 2 && convKernel <= SHORT_CONV_MAX_KERNEL))
    throw new UnsupportedModelError(
      `lfm2 conv of ${convKernel} taps (2..${SHORT_CONV_MAX_KERNEL} run)`,
      taps,
    );
  return { ...base, nHeadKv: Math.max(0, ...attentionHeads), layerKvHeads: kvHeads, convKernel };
}

/** C * causal_conv(B * x) of layer `l`'s normed input, through out_proj. */
function shortConvBlock(g: GraphBuilder, l: number, x: Value, c: Lfm2Config): Value {
  const w = (name: string, ...shape: number[]) => g.weight(`blk.${l}.shortconv.${name}.weight`, ...shape);
  const bcx = g.matmul(w('in_proj', c.nEmbd, 3 * c.nEmbd), x, 'conv_in_proj');
  const conv = g.shortConv(bcx, w('conv', c.convKernel, c.nEmbd), 'conv_out');
  return g.matmul(w('out_proj', c.nEmbd, c.nEmbd), conv, 'conv_out_proj');
}

export function buildLfm2Graph(c: Lfm2Config): ModelGraph {
  const g = new GraphBuilder();
  const tokenEmbd = g.weight('token_embd.weight', c.nEmbd, c.vocabSize);
  let x = g.embed(tokenEmbd, 'inp_embd');
  for (let l = 0; l < c.nLayer; l++) {
    g.layer(l);
    const h = g.rmsNorm(x, g.weight(`blk.${l}.attn_norm.weight`, c.nEmbd), c.rmsEps, 'attn_norm');
    const nHeadKv = c.layerKvHeads[l]!;
    const attention = { ...c, nHeadKv, qkvBias: false, qkNorm: true };
    const out = nHeadKv === 0 ? shortConvBlock(g, l, h, c) : selfAttention(g, l, h, attention);
    x = g.add(x, out, 'ffn_inp');
    const ffnIn = g.rmsNorm(x, g.weight(`blk.${l}.ffn_norm.weight`, c.nEmbd), c.rmsEps, 'ffn_norm');
    x = g.add(x, swigluFeedForward(g, l, ffnIn, c.nEmbd, c.nFf), 'l_out');
  }
  g.layer(undefined);
  const out = g.rmsNorm(x, g.weight('token_embd_norm.weight', c.nEmbd), c.rmsEps, 'result_norm');
  const head = c.tiedOutput ? tokenEmbd : g.weight('output.weight', c.nEmbd, c.vocabSize);
  return g.finish(g.matmul(head, g.lastToken(out, 'result_norm_last'), 'result_output'));
}

export const lfm2 = family({
  architecture: 'lfm2',
  readConfig: readLfm2Config,
  buildGraph: buildLfm2Graph,
});
