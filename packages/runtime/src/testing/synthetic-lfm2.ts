// Synthetic lfm2 files in the layout convert_hf_to_gguf's LFM2Model writes: per layer either a short-conv
// block (blk.N.shortconv.in_proj [n_embd, 3 n_embd], .conv [l_cache, n_embd] F32 (llama.cpp never quantizes
// it), .out_proj) or an attention block with per-head attn_q_norm / attn_k_norm; attention.head_count_kv an
// array with 0 for the conv layers; shortconv.l_cache; the final norm named token_embd_norm.weight. Built from
// the llama-layout tensors, a conv layer's attention tensors replaced.
import { GgmlType, type GgufTensorInput, ggufValue } from '@wgllm/gguf';
import type { SeededRandom } from '../sampling/rng.ts';
import { type FamilyModelSpec, uniformTensor } from './synthetic-family.ts';
import type { SyntheticModelSpec } from './synthetic-model.ts';

/** LFM2's taps (every released size). */
export const LFM2_L_CACHE = 3;
/** Gain of out_proj into the residual stream, as the llama generator's attn_output. */
const RESIDUAL_GAIN = 4;
/** Taps' std: a conv output about as large as its inputs (the sum of 3 products). */
const TAP_STD = 0.6;

export interface Lfm2Shape extends Omit<SyntheticModelSpec, 'architecture' | 'type' | 'seed'> {
  /** Per layer: attention (true) or short conv (false). */
  attentionLayers: readonly boolean[];
}

const convTaps = (l: number) => `blk.${l}.shortconv.conv.weight`;

function lfm2Tensors(tensors: GgufTensorInput[], random: SeededRandom, shape: Lfm2Shape) {
  const d = shape.nEmbd;
  const norm = (name: string, length: number) => uniformTensor(random, name, [length], 0.15, 1);
  const matrix = (name: string, cols: number, rows: number, std: number) =>
    uniformTensor(random, name, [cols, rows], std);
  return tensors.flatMap((t): GgufTensorInput[] => {
    if (t.name === 'output_norm.weight') return [{ ...t, name: 'token_embd_norm.weight' }];
    const match = /^blk\.(\d+)\.attn_(q|k|v|output)\.weight$/.exec(t.name);
    if (!match) return [t];
    const l = Number(match[1]);
    const part = match[2];
    if (shape.attentionLayers[l]) {
      if (part !== 'k') return [t];
      const heads = [`blk.${l}.attn_q_norm.weight`, `blk.${l}.attn_k_norm.weight`];
      return [t, ...heads.map((name) => norm(name, shape.headDim))];
    }
    if (part !== 'q') return [];
    return [
      matrix(`blk.${l}.shortconv.in_proj.weight`, d, 3 * d, 1 / Math.sqrt(d)),
      matrix(convTaps(l), LFM2_L_CACHE, d, TAP_STD),
      matrix(`blk.${l}.shortconv.out_proj.weight`, d, d, RESIDUAL_GAIN / Math.sqrt(d)),
    ];
  });
}

/** The conv taps stay F32 whatever the file type (llama.cpp's quantizer skips shortconv.conv.weight). */
export function lfm2F32Taps(shape: Lfm2Shape): Record<string, GgmlType> {
  const types: Record<string, GgmlType> = {};
  shape.attentionLayers.forEach((attention, l) => {
    if (!attention) types[convTaps(l)] = GgmlType.F32;
  });
  return types;
}

/**
 * llama.cpp's Q4_K_M mix for an lfm2 file: Q4_K, Q6_K for the head (token_embd when tied), for attn_v of the
 * attention layers use_more_bits picks among the attention layers alone (llama-quant counts attn_v tensors),
 * and for ffn_down of the layers it picks among all; the taps F32.
 */
export function lfm2Q4KMediumTypes(shape: Lfm2Shape): Record<string, GgmlType> {
  const moreBits = (i: number, n: number) =>
    i < Math.trunc(n / 8) || i >= Math.trunc((7 * n) / 8) || (i - Math.trunc(n / 8)) % 3 === 2;
  const types: Record<string, GgmlType> = {
    ...lfm2F32Taps(shape),
    [shape.tiedOutput ? 'token_embd.weight' : 'output.weight']: GgmlType.Q6_K,
  };
  const attention = shape.attentionLayers.flatMap((a, l) => (a ? [l] : []));
  attention.forEach((l, i) => {
    if (moreBits(i, attention.length)) types[`blk.${l}.attn_v.weight`] = GgmlType.Q6_K;
  });
  for (let l = 0; l < shape.nLayer; l++)
    if (moreBits(l, shape.nLayer)) types[`blk.${l}.ffn_down.weight`] = GgmlType.Q6_K;
  return types;
}

export function lfm2Model(shape: Lfm2Shape, type: GgmlType, seed: number): FamilyModelSpec {
  const { attentionLayers, ...base } = shape;
  const kvHeads = Int32Array.from(attentionLayers, (a) => (a ? shape.nHeadKv : 0));
  return {
    base: { ...base, architecture: 'llama', type, seed },
    architecture: 'lfm2',
    metadata: {
      'lfm2.attention.head_count_kv': kvHeads,
      'lfm2.shortconv.l_cache': ggufValue.u32(LFM2_L_CACHE),
      'lfm2.rope.freq_base': ggufValue.f32(1000000),
      'lfm2.vocab_size': ggufValue.u32(shape.vocab),
    },
    types: lfm2F32Taps(shape),
    editTensors: (tensors, random) => lfm2Tensors(tensors, random, shape),
  };
}

/**
 * A small lfm2 (conv, attention, conv; 64 wide, 2 heads of 32 on one KV head) in F32: recurrent state and
 * prefix reuse checked at a test's cost.
 */
export const LFM2_TEST_SHAPE: Lfm2Shape = {
  nEmbd: 64,
  nFf: 128,
  nLayer: 3,
  vocab: 512,
  nHead: 2,
  nHeadKv: 1,
  headDim: 32,
  tiedOutput: true,
  attentionLayers: [false, true, false],
};
