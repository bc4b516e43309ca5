// gemma3 (llama.cpp src/models/gemma3.cpp), and the graph gemma2 shares: embeddings times sqrt(n_embd), RMSNorm
// after attention and after the FFN as well as before (norm weights stored with the +1 already added), GeGLU
// (tanh GELU), NeoX RoPE, tied head. Layers alternate local attention (a sliding window, their own RoPE base)
// and global attention: layer l is local when l % pattern < pattern - 1 (llama.cpp's set_swa_pattern), so
// pattern 6 gives five local layers per global one. gemma3 norms Q and K per head; gemma2 soft-caps the
// attention logits and the final logits instead.
import type { RopeConfig } from '@wgllm/kernels';
import { UnsupportedModelError } from '../errors.ts';
import { GraphBuilder } from '../graph/builder.ts';
import type { ModelGraph, Value } from '../graph/graph.ts';
import { gatedFeedForward, type SelfAttentionShape, selfAttention } from '../graph/transformer-blocks.ts';
import {
  type ModelConfig,
  type ModelSource,
  optionalNumber,
  readTransformerConfig,
} from '../model/config.ts';
import { family } from './family.ts';

export interface GemmaConfig extends ModelConfig, Omit<SelfAttentionShape, 'rope'> {
  /** Positions a local layer's token sees (itself included); undefined: every layer is global. */
  slidingWindow: number | undefined;
  /** Per layer: attends within the sliding window. */
  localLayers: boolean[];
  /** RoPE of the local layers (`rope` is the global layers'). */
  localRope: RopeConfig;
  /** Softmax scale (llama.cpp's f_attention_scale). */
  attentionScale: number;
  attentionSoftcap: number | undefined;
  finalSoftcap: number | undefined;
}

export function buildGemmaGraph(c: GemmaConfig): ModelGraph {
  const g = new GraphBuilder();
  const tokenEmbd = g.weight('token_embd.weight', c.nEmbd, c.vocabSize);
  let x = g.embed(tokenEmbd, 'inp_scaled', Math.sqrt(c.nEmbd));
  const norm = (v: Value, weight: string, name: string) =>
    g.rmsNorm(v, g.weight(weight, c.nEmbd), c.rmsEps, name);
  const attention = {
    scale: c.attentionScale,
    ...(c.attentionSoftcap !== undefined && { softcap: c.attentionSoftcap }),
  };
  for (let l = 0; l < c.nLayer; l++) {
    g.layer(l);
    const local = c.localLayers[l]!;
    const shape = {
      ...c,
      rope: local ? c.localRope : c.rope,
      window: local ? c.slidingWindow : undefined,
      attention,
    };
    const attnOut = selfAttention(g, l, norm(x, `blk.${l}.attn_norm.weight`, 'attn_norm'), shape);
    x = g.add(norm(attnOut, `blk.${l}.post_attention_norm.weight`, 'attn_post_norm'), x, 'sa_out');
    const ffnIn = norm(x, `blk.${l}.ffn_norm.weight`, 'ffn_norm');
    const ffnOut = gatedFeedForward(g, l, ffnIn, c.nEmbd, c.nFf, 'gelu');
    x = g.add(norm(ffnOut, `blk.${l}.post_ffw_norm.weight`, 'ffn_post_norm'), x, 'l_out');
  }
  g.layer(undefined);
  const out = g.lastToken(norm(x, 'output_norm.weight', 'result_norm'), 'result_norm_last');
  const head = c.tiedOutput ? tokenEmbd : g.weight('output.weight', c.nEmbd, c.vocabSize);
  if (c.finalSoftcap === undefined) return g.finish(g.matmul(head, out, 'result_output'));
  const logits = g.matmul(head, out, 'result_output_uncapped');
  return g.finish(g.softcap(logits, c.finalSoftcap, 'result_output'));
}

/** What distinguishes gemma2 from gemma3 when reading a file (llama.cpp's load_arch_hparams). */
export interface GemmaVariant {
  qkNorm: boolean;
  /** Window when the file has no `attention.sliding_window` (gemma2: 4096; gemma3: no local layers). */
  defaultWindow: number | undefined;
  defaultPattern: number;
  /** Local RoPE when there is no `rope.freq_base_swa`: gemma3 10000 unscaled, gemma2 the global RoPE. */
  localRope: (global: RopeConfig) => RopeConfig;
  /** Soft caps (attention, final) when present; gemma2 has defaults 50 and 30. */
  softcaps: (m: ReadonlyMap<string, unknown>, arch: string) => [number | undefined, number | undefined];
  /** Block count of the 27B checkpoint, whose softmax scale is 1 / sqrt(n_embd / n_head). */
  layers27B: number;
}

export function readGemmaConfig(source: ModelSource, variant: GemmaVariant): GemmaConfig {
  const m = source.metadata;
  const base = readTransformerConfig(source, 'neox');
  const arch = base.architecture;
  const window = optionalNumber(m, `${arch}.attention.sliding_window`, variant.defaultWindow ?? 0);
  const patternKey = `${arch}.attention.sliding_window_pattern`;
  if (Array.isArray(m.get(patternKey)))
    throw new UnsupportedModelError(`${patternKey} as a per-layer array is not supported`, patternKey);
  const pattern = optionalNumber(m, patternKey, variant.defaultPattern);
  const slidingWindow = window > 0 ? window : undefined;
  const localLayers = Array.from(
    { length: base.nLayer },
    (_, l) => slidingWindow !== undefined && (pattern === 0 || l % pattern < pattern - 1),
  );
  const defaultLocal = variant.localRope(base.rope);
  const localRope = {
    ...defaultLocal,
    freqBase: optionalNumber(m, `${arch}.rope.freq_base_swa`, defaultLocal.freqBase),
  };
  const [attentionSoftcap, finalSoftcap] = variant.softcaps(m, arch);
  const scaleDim = base.nLayer === variant.layers27B ? base.nEmbd / base.nHead : base.headDim;
  return {
    ...base,
    qkvBias: false,
    qkNorm: variant.qkNorm,
    slidingWindow,
    localLayers,
    localRope,
    attentionScale: 1 / Math.sqrt(scaleDim),
    attentionSoftcap,
    finalSoftcap,
  };
}

/** A positive soft cap under `key`, `fallback` when absent; 0 means none (llama.cpp's convention). */
export function softcapOf(m: ReadonlyMap<string, unknown>, key: string, fallback = 0): number | undefined {
  const cap = optionalNumber(m, key, fallback);
  return cap > 0 ? cap : undefined;
}

export const gemma3 = family({
  architecture: 'gemma3',
  readConfig: (source) =>
    readGemmaConfig(source, {
      qkNorm: true,
      defaultWindow: undefined,
      defaultPattern: 6,
      localRope: (global) => ({ ...global, freqBase: 10000, freqScale: 1 }),
      softcaps: (m, arch) => [undefined, softcapOf(m, `${arch}.final_logit_softcapping`)],
      layers27B: 62,
    }),
  buildGraph: buildGemmaGraph,
});
