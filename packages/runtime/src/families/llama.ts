// llama (llama.cpp src/models/llama.cpp): pre-norm decoder, RMSNorm, RoPE on adjacent pairs (the converter
// permutes Q/K rows to match), GQA, SwiGLU. Llama 3.1+ files carry rope_freqs.weight, per-pair frequency
// factors every layer's RoPE divides its angles by. `attention.sliding_window` (Mistral files converted as
// llama) is not read: llama.cpp's llama graph attends over the whole context. qwen2, qwen3, smollm3 and granite
// run this graph with their own config flags.
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

export interface LlamaConfig extends ModelConfig, Omit<SelfAttentionShape, 'rope'> {
  /** Every n-th layer (layer l with (l + 1) % n == 0) has no RoPE (SmolLM3's NoPE layers, n = 4). */
  noRopeLayerStep?: number;
  /** Multiplies the token embeddings (granite). */
  embeddingScale?: number;
  /** Multiplies each block's output in its residual add (granite). */
  residualScale?: number;
  /** Multiplies the logits (granite: 1 / logit_scale). */
  logitScale?: number;
  /** ffn_up.weight holds the gate rows then the up rows, no ffn_gate (phi3). */
  fusedUp?: boolean;
}

export function buildLlamaGraph(c: LlamaConfig): ModelGraph {
  const g = new GraphBuilder();
  const tokenEmbd = g.weight('token_embd.weight', c.nEmbd, c.vocabSize);
  let x = g.embed(tokenEmbd, 'inp_embd', c.embeddingScale);
  for (let l = 0; l < c.nLayer; l++) {
    g.layer(l);
    const attnIn = g.rmsNorm(x, g.weight(`blk.${l}.attn_norm.weight`, c.nEmbd), c.rmsEps, 'attn_norm');
    const noRope = c.noRopeLayerStep !== undefined && (l + 1) % c.noRopeLayerStep === 0;
    const attnOut = selfAttention(g, l, attnIn, { ...c, rope: noRope ? undefined : c.rope });
    x = g.add(x, attnOut, 'ffn_inp', c.residualScale);
    const ffnIn = g.rmsNorm(x, g.weight(`blk.${l}.ffn_norm.weight`, c.nEmbd), c.rmsEps, 'ffn_norm');
    x = g.add(x, swigluFeedForward(g, l, ffnIn, c.nEmbd, c.nFf, c.fusedUp), 'l_out', c.residualScale);
  }
  g.layer(undefined);
  const out = g.rmsNorm(x, g.weight('output_norm.weight', c.nEmbd), c.rmsEps, 'result_norm');
  const head = c.tiedOutput ? tokenEmbd : g.weight('output.weight', c.nEmbd, c.vocabSize);
  const last = g.lastToken(out, 'result_norm_last');
  if (c.logitScale === undefined) return g.finish(g.matmul(head, last, 'result_output'));
  return g.finish(g.scale(g.matmul(head, last, 'result_output_unscaled'), c.logitScale, 'result_output'));
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

const ROPE_FREQS = 'rope_freqs.weight';

/** llama's config: adjacent-pair RoPE, divided by the file's rope_freqs.weight factors when it has them. */
export function readLlamaConfig(source: ModelSource): LlamaConfig {
  return {
    ...readLlamaLikeConfig(source, { pairing: 'adjacent', qkvBias: false, qkNorm: false }),
    ...(source.tensors.some((t) => t.name === ROPE_FREQS) && { ropeFactors: ROPE_FREQS }),
  };
}

export const llama = family({
  architecture: 'llama',
  readConfig: readLlamaConfig,
  buildGraph: buildLlamaGraph,
});
