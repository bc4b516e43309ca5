// Synthetic phi3 files in the layout convert_hf_to_gguf's Phi3MiniModel writes: Q, K and V rows fused into
// blk.N.attn_qkv.weight (or kept apart), ffn_gate and ffn_up rows fused (gate first) into blk.N.ffn_up.weight, NeoX RoPE over
// rope.dimension_count dims, and LongRoPE's rope_factors_long / rope_factors_short with
// rope.scaling.original_context_length and rope.scaling.attn_factor; attention.sliding_window as given.
import { GgmlType, type GgufMetadataInput, type GgufTensorInput, ggufValue, quantize } from '@wgllm/gguf';
import type { SeededRandom } from '../sampling/rng.ts';
import type { FamilyModelSpec } from './synthetic-family.ts';
import type { SyntheticModelSpec } from './synthetic-model.ts';

export interface Phi3Rope {
  /** Leading dims of each head that rotate (Phi-4-mini: 96 of 128). */
  nRot: number;
  freqBase: number;
  /** max_position_embeddings (the file's context_length) and original_max_position_embeddings (tokens). */
  context: number;
  origContext: number;
  /** attention.sliding_window (0: none written as 0, as the converter does for Phi-4). */
  slidingWindow: number;
  /** attn_q/k/v.weight instead of one attn_qkv.weight (llama.cpp reads either). */
  separateQkv?: boolean;
}

/** The converter's LongRoPE magnitude: sqrt(1 + ln(scale) / ln(original context)), scale = context / original. */
export function longRopeAttnFactor(context: number, origContext: number): number {
  const scale = context / origContext;
  return scale > 1 ? Math.sqrt(1 + Math.log(scale) / Math.log(origContext)) : 1;
}

/** Rows of `parts` (F32 [cols, rows_i] tensors) stacked into one [cols, sum rows_i] F32 tensor. */
function stackRows(name: string, parts: readonly GgufTensorInput[]): GgufTensorInput {
  const bytes = new Uint8Array(parts.reduce((n, t) => n + t.data.byteLength, 0));
  let offset = 0;
  for (const t of parts) {
    bytes.set(t.data, offset);
    offset += t.data.byteLength;
  }
  const rows = parts.reduce((n, t) => n + t.shape[1]!, 0);
  return { name, type: GgmlType.F32, shape: [parts[0]!.shape[0]!, rows], data: bytes };
}

/**
 * Per-pair LongRoPE factors shaped like Phi-4-mini's: short ones near 1 rising slowly, long ones rising from 1
 * to about 40 over the pairs (low frequencies stretched most), jittered so that no two pairs are alike.
 */
function longRopeFactors(random: SeededRandom, pairs: number): { long: Float32Array; short: Float32Array } {
  const ramp = (i: number) => i / Math.max(1, pairs - 1);
  const jitter = () => 1 + 0.05 * (2 * random.next() - 1);
  return {
    long: Float32Array.from({ length: pairs }, (_, i) => (1 + 39 * ramp(i) ** 2) * jitter()),
    short: Float32Array.from({ length: pairs }, (_, i) => (1 + 0.5 * ramp(i)) * jitter()),
  };
}

/** The llama-layout tensors fused and extended as phi3 files have them. */
function phi3Tensors(
  tensors: GgufTensorInput[],
  random: SeededRandom,
  nLayer: number,
  rope: Phi3Rope,
): GgufTensorInput[] {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  const take = (name: string) => {
    const t = byName.get(name)!;
    byName.delete(name);
    return t;
  };
  const fused: GgufTensorInput[] = [];
  for (let l = 0; l < nLayer; l++) {
    const blk = `blk.${l}`;
    if (!rope.separateQkv) {
      const qkv = ['q', 'k', 'v'].map((p) => take(`${blk}.attn_${p}.weight`));
      fused.push(stackRows(`${blk}.attn_qkv.weight`, qkv));
    }
    const gateUp = [take(`${blk}.ffn_gate.weight`), take(`${blk}.ffn_up.weight`)];
    fused.push(stackRows(`${blk}.ffn_up.weight`, gateUp));
  }
  const { long, short } = longRopeFactors(random, rope.nRot / 2);
  const vector = (name: string, data: Float32Array): GgufTensorInput => ({
    name,
    type: GgmlType.F32,
    shape: [data.length],
    data: quantize(GgmlType.F32, data),
  });
  return [
    vector('rope_factors_long.weight', long),
    vector('rope_factors_short.weight', short),
    ...byName.values(),
    ...fused,
  ];
}

export function phi3Model(
  base: Omit<SyntheticModelSpec, 'architecture'>,
  rope: Phi3Rope,
  types?: Readonly<Record<string, GgmlType>>,
): FamilyModelSpec {
  const metadata: Record<string, GgufMetadataInput> = {
    // llama.cpp's vocab loader gives special-token attributes to models named "phi3" or "phi-3" and needs
    // Phi-3's <|endoftext|> for them, which the synthetic vocabulary has not (real files are named
    // "Phi 3.5 Mini Instruct", "Phi 4 Mini Instruct").
    'general.name': `synthetic Phi ${GgmlType[base.type]} (random weights, seed ${base.seed})`,
    'phi3.context_length': ggufValue.u32(rope.context),
    'phi3.rope.dimension_count': ggufValue.u32(rope.nRot),
    'phi3.rope.freq_base': ggufValue.f32(rope.freqBase),
    'phi3.rope.scaling.original_context_length': ggufValue.u32(rope.origContext),
    'phi3.rope.scaling.attn_factor': ggufValue.f32(longRopeAttnFactor(rope.context, rope.origContext)),
    'phi3.attention.sliding_window': ggufValue.u32(rope.slidingWindow),
  };
  return {
    base: { ...base, architecture: 'llama' },
    architecture: 'phi3',
    metadata,
    ...(types && { types }),
    editTensors: (tensors, random) => phi3Tensors(tensors, random, base.nLayer, rope),
  };
}
