// The blocks decoder families share, written once: self-attention (optional Q/K/V bias, Q/K norm per head or
// over the whole projection, RoPE, GQA over the KV cache) and the gated feed-forward. Tensor names are GGUF's (llama.cpp's
// LLM_TENSOR_* names); values are named as llama.cpp's graph callbacks name them.

import type { RopeConfig } from '@wgllm/kernels';
import type { AttentionOptions, GraphBuilder } from './builder.ts';
import type { Value } from './graph.ts';

export interface SelfAttentionShape {
  nEmbd: number;
  nHead: number;
  nHeadKv: number;
  headDim: number;
  /** undefined: a NoPE layer (no rotary embedding). */
  rope: RopeConfig | undefined;
  /** Tensor of (nRot / 2) RoPE frequency factors (llama 3's rope_freqs.weight), shared by every layer. */
  ropeFactors?: string;
  rmsEps: number;
  /** attn_{q,k,v}.bias (qwen2). */
  qkvBias: boolean;
  /** attn_{q,k}_norm: RMSNorm over each head before RoPE (qwen3). */
  qkNorm: boolean;
  /** What the Q/K norm normalizes together: each head (default), or the whole projection, all heads (olmo2). */
  qkNormOver?: 'head' | 'projection';
  /** One attn_qkv.weight holding the Q, K and V rows (phi3), each read in place. */
  fusedQkv?: boolean;
  /** Sliding window (positions) of this layer's attention (gemma's local layers). */
  window?: number | undefined;
  /** Softmax scale and attention-logit soft cap (gemma), defaults otherwise. */
  attention?: AttentionOptions;
}

/** Attention of layer `layer` on the normed input `x`, through the output projection (not yet added back). */
export function selfAttention(g: GraphBuilder, layer: number, x: Value, s: SelfAttentionShape): Value {
  const w = (name: string, ...shape: number[]) => g.weight(`blk.${layer}.${name}`, ...shape);
  const qDim = s.nHead * s.headDim;
  const kvDim = s.nHeadKv * s.headDim;
  const qkvShape = [s.nEmbd, qDim + 2 * kvDim] as const;
  const projection = (part: 'q' | 'k' | 'v', firstRow: number, rows: number) =>
    s.fusedQkv
      ? g.weightRows(`blk.${layer}.attn_qkv.weight`, qkvShape, firstRow, rows)
      : w(`attn_${part}.weight`, s.nEmbd, rows);
  const bias = (part: 'q' | 'k' | 'v', rows: number) =>
    s.qkvBias ? w(`attn_${part}.bias`, rows) : undefined;
  let q = g.matmul(projection('q', 0, qDim), x, 'Qcur', bias('q', qDim));
  let k = g.matmul(projection('k', qDim, kvDim), x, 'Kcur', bias('k', kvDim));
  const v = g.matmul(projection('v', qDim + kvDim, kvDim), x, 'Vcur', bias('v', kvDim));
  if (s.qkNorm) {
    const whole = s.qkNormOver === 'projection';
    const [qGroup, kGroup] = whole ? [qDim, kvDim] : [s.headDim, s.headDim];
    q = g.rmsNorm(q, w('attn_q_norm.weight', qGroup), s.rmsEps, 'Qcur_normed', qGroup);
    k = g.rmsNorm(k, w('attn_k_norm.weight', kGroup), s.rmsEps, 'Kcur_normed', kGroup);
  }
  if (s.rope) {
    const factors = s.ropeFactors === undefined ? undefined : g.weight(s.ropeFactors, s.rope.nRot / 2);
    q = g.rope(q, s.rope, 'Qcur_rope', factors);
    k = g.rope(k, s.rope, 'Kcur_rope', factors);
  }
  const kv = { nHeadKv: s.nHeadKv, headDim: s.headDim, ...(s.window !== undefined && { window: s.window }) };
  const attn = g.attention(q, k, v, layer, kv, 'kqv_out', s.attention);
  return g.matmul(w('attn_output.weight', qDim, s.nEmbd), attn, 'attn_out');
}

/** down(silu(gate x) * up x) of layer `layer` on the normed input `x`. */
export function swigluFeedForward(
  g: GraphBuilder,
  layer: number,
  x: Value,
  nEmbd: number,
  nFf: number,
  fusedUp = false,
): Value {
  return gatedFeedForward(g, layer, x, nEmbd, nFf, 'silu', fusedUp);
}

/**
 * down(act(gate x) * up x), act SiLU (SwiGLU) or tanh-approximated GELU (GeGLU, gemma). `fusedUp`: ffn_up.weight
 * holds the gate rows then the up rows (phi3; ggml_swiglu gates with the first half), and there is no ffn_gate.
 */
export function gatedFeedForward(
  g: GraphBuilder,
  layer: number,
  x: Value,
  nEmbd: number,
  nFf: number,
  activation: 'silu' | 'gelu',
  fusedUp = false,
): Value {
  const w = (name: string, ...shape: number[]) => g.weight(`blk.${layer}.${name}`, ...shape);
  const upName = `blk.${layer}.ffn_up.weight`;
  const [gateWeight, upWeight] = fusedUp
    ? [g.weightRows(upName, [nEmbd, 2 * nFf], 0, nFf), g.weightRows(upName, [nEmbd, 2 * nFf], nFf, nFf)]
    : [w('ffn_gate.weight', nEmbd, nFf), w('ffn_up.weight', nEmbd, nFf)];
  const gate = g.matmul(gateWeight, x, 'ffn_gate');
  const up = g.matmul(upWeight, x, 'ffn_up');
  const hidden = activation === 'silu' ? g.swiglu(gate, up, 'ffn_swiglu') : g.geglu(gate, up, 'ffn_geglu');
  return g.matmul(w('ffn_down.weight', nFf, nEmbd), hidden, 'ffn_out');
}
