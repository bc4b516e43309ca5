// phi3 (llama.cpp src/models/phi3.cpp; Phi-3/3.5-mini, Phi-4-mini): the llama graph with NeoX RoPE over the first
// rope.dimension_count dims of each head (Phi-4-mini: 96 of 128), Q, K and V rows in one attn_qkv.weight (or
// separate attn_q/k/v), and ffn_up holding the gate rows then the up rows (ggml_swiglu gates with the first
// half). LongRoPE files carry rope_factors_long and rope_factors_short, per-pair frequency factors every layer
// divides its angles by: llama.cpp's get_rope_factors takes the long ones when the context (KV cache length)
// exceeds rope.scaling.original_context_length, else the short ones; rope.scaling.attn_factor scales cos and
// sin either way. `attention.sliding_window` is read by llama.cpp and then disabled ("Phi SWA is currently
// disabled", llama.cpp PR 13676): every layer attends over the whole context, as here.
import type { ModelSource } from '../model/config.ts';
import { optionalNumber } from '../model/config.ts';
import { family } from './family.ts';
import { buildLlamaGraph, type LlamaConfig, readLlamaLikeConfig } from './llama.ts';

export interface Phi3Config extends LlamaConfig {
  /** The LongRoPE factor tensors the file has (each (nRot / 2) f32). */
  longFactors: string | undefined;
  shortFactors: string | undefined;
  /** Context (tokens) above which the long factors apply (llama.cpp's n_ctx_orig_yarn). */
  origContext: number;
}

const LONG = 'rope_factors_long.weight';
const SHORT = 'rope_factors_short.weight';

function readPhi3Config(source: ModelSource): Phi3Config {
  const base = readLlamaLikeConfig(source, { pairing: 'neox', qkvBias: false, qkNorm: false });
  const has = (name: string) => source.tensors.some((t) => t.name === name);
  const key = `${base.architecture}.rope.scaling.original_context_length`;
  return {
    ...base,
    fusedQkv: has('blk.0.attn_qkv.weight'),
    fusedUp: true,
    longFactors: has(LONG) ? LONG : undefined,
    shortFactors: has(SHORT) ? SHORT : undefined,
    origContext: optionalNumber(source.metadata, key, base.trainedContextLength),
  };
}

export const phi3 = family({
  architecture: 'phi3',
  readConfig: readPhi3Config,
  buildGraph: (c, { contextLength }) => {
    const ropeFactors = contextLength > c.origContext ? c.longFactors : c.shortFactors;
    return buildLlamaGraph({ ...c, ...(ropeFactors !== undefined && { ropeFactors }) });
  },
});
