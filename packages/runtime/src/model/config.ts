// Hyper-parameters every family reads from GGUF metadata keys (`<arch>.block_count`, ...), and the readers a
// family's own config uses for the keys it adds. A family (families/<arch>.ts) extends ModelConfig.

import type { RopeConfig } from '@wgllm/kernels';
import { UnsupportedModelError } from '../errors.ts';

export interface ModelConfig {
  /** GGUF `general.architecture`. */
  architecture: string;
  nLayer: number;
  /** Residual stream width (elements). */
  nEmbd: number;
  /** FFN hidden width (elements). */
  nFf: number;
  nHead: number;
  nHeadKv: number;
  /** Elements per attention head (`attention.key_length`, else nEmbd / nHead). */
  headDim: number;
  vocabSize: number;
  /** Context length the model was trained for (tokens); a KV cache may be sized smaller. */
  trainedContextLength: number;
  rmsEps: number;
  rope: RopeConfig;
  /** No `output.weight`: the LM head reuses `token_embd.weight`. */
  tiedOutput: boolean;
}

/** The part of a GGUF header this module reads: structurally satisfied by `@wgllm/gguf`'s GgufHeader. */
export interface ModelSource {
  metadata: ReadonlyMap<string, unknown>;
  tensors: readonly { name: string; shape: readonly number[] }[];
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return undefined;
}

export function requiredNumber(metadata: ReadonlyMap<string, unknown>, key: string): number {
  const value = numberOf(metadata.get(key));
  if (value === undefined) throw new UnsupportedModelError(`GGUF metadata key ${key} is missing`, key);
  return value;
}

export function optionalNumber(
  metadata: ReadonlyMap<string, unknown>,
  key: string,
  fallback: number,
): number {
  return numberOf(metadata.get(key)) ?? fallback;
}

/**
 * RoPE scaling as llama.cpp reads `rope.scaling.*` (llama-model.cpp, llama-context.cpp): linear divides positions
 * by the factor; YaRN also blends in the unscaled angles over the correction dims and scales cos/sin by
 * (1 + 0.1 ln factor) * rope.scaling.attn_factor (llama.cpp cancels its own mscale in yarn_attn_factor, and
 * ggml's rope_yarn multiplies the same 1 + 0.1 ln factor back in).
 */
function readRopeScaling(
  m: ReadonlyMap<string, unknown>,
  arch: string,
): Pick<RopeConfig, 'freqScale' | 'yarn' | 'attnFactor'> {
  const key = `${arch}.rope.scaling.type`;
  const type = m.get(key) ?? 'linear';
  const factor = optionalNumber(m, `${arch}.rope.scaling.factor`, 0);
  const freqScale = factor === 0 ? 1 : 1 / factor;
  const attnFactor = optionalNumber(m, `${arch}.rope.scaling.attn_factor`, 1);
  // Without YaRN the magnitude is the key's alone (phi3's LongRoPE files carry it).
  const magnitude = attnFactor === 1 ? {} : { attnFactor };
  if (type === 'none') return { freqScale: 1, ...magnitude };
  if (type === 'linear') return { freqScale, ...magnitude };
  if (type !== 'yarn')
    throw new UnsupportedModelError(`RoPE scaling "${String(type)}" is not supported`, key);
  const scale = 1 / freqScale;
  const mscale = scale <= 1 ? 1 : 0.1 * Math.log(scale) + 1;
  return {
    freqScale,
    yarn: {
      extFactor: 1,
      attnFactor: (mscale / (1 + 0.1 * Math.log(scale))) * attnFactor,
      betaFast: 32,
      betaSlow: 1,
      origContext: optionalNumber(
        m,
        `${arch}.rope.scaling.original_context_length`,
        requiredNumber(m, `${arch}.context_length`),
      ),
    },
  };
}

/**
 * Which dimensions RoPE rotates together: `adjacent` pairs (2i, 2i+1) as llama.cpp's LLAMA_ROPE_TYPE_NORM
 * (llama, whose converter permutes Q/K to match), `neox` pairs (i, i + dims/2) as LLAMA_ROPE_TYPE_NEOX (qwen).
 */
export type RopePairing = 'adjacent' | 'neox';

/** The keys every transformer family shares, `pairing` being the family's RoPE layout. */
export function readTransformerConfig(source: ModelSource, pairing: RopePairing): ModelConfig {
  const m = source.metadata;
  const arch = String(m.get('general.architecture'));
  const nEmbd = requiredNumber(m, `${arch}.embedding_length`);
  const nHead = requiredNumber(m, `${arch}.attention.head_count`);
  const headDim = optionalNumber(m, `${arch}.attention.key_length`, nEmbd / nHead);
  const valueDim = optionalNumber(m, `${arch}.attention.value_length`, headDim);
  if (valueDim !== headDim) {
    throw new UnsupportedModelError('attention.value_length != key_length', `${arch}.attention.value_length`);
  }
  const embedding = source.tensors.find((t) => t.name === 'token_embd.weight');
  if (!embedding) throw new UnsupportedModelError('tensor token_embd.weight is missing', 'token_embd.weight');
  // token_embd is (vocab, n_embd) row-major, i.e. ggml shape [n_embd, vocab]: the vocabulary size, always present.
  const vocabSize = optionalNumber(m, `${arch}.vocab_size`, embedding.shape[1] ?? 0);
  return {
    architecture: arch,
    nLayer: requiredNumber(m, `${arch}.block_count`),
    nEmbd,
    nFf: requiredNumber(m, `${arch}.feed_forward_length`),
    nHead,
    nHeadKv: optionalNumber(m, `${arch}.attention.head_count_kv`, nHead),
    headDim,
    vocabSize,
    trainedContextLength: requiredNumber(m, `${arch}.context_length`),
    rmsEps: requiredNumber(m, `${arch}.attention.layer_norm_rms_epsilon`),
    rope: {
      headDim,
      nRot: optionalNumber(m, `${arch}.rope.dimension_count`, headDim),
      neox: pairing === 'neox',
      freqBase: optionalNumber(m, `${arch}.rope.freq_base`, 10000),
      ...readRopeScaling(m, arch),
    },
    tiedOutput: !source.tensors.some((t) => t.name === 'output.weight'),
  };
}

/** KV cache length used when the caller does not ask for one (tokens): the trained length, at most 4096. */
export function defaultContextLength(config: ModelConfig): number {
  return Math.min(config.trainedContextLength, 4096);
}
