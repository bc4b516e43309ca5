import { type BoundKernel, bindGroup, boundKernel, type Dispatch } from '../common/bound-kernel.ts';
import type { KernelDevice } from '../common/kernel-device.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';

export const attentionParams = defineParams('AttentionParams', [
  ['n_head', 'u32'],
  ['n_head_kv', 'u32'],
  ['n_tokens', 'u32'],
  ['max_seq', 'u32'],
  ['n_splits', 'u32'],
  ['scale', 'f32'],
  ['window_len', 'u32'],
  ['softcap', 'f32'],
] as const);

export const attentionReduceParams = defineParams('AttentionReduceParams', [
  ['n_rows', 'u32'],
  ['head_dim', 'u32'],
  ['n_splits', 'u32'],
] as const);

export type KvType = 'f32' | 'f16';

export interface AttentionOptions {
  headDim: number;
  /** KV cache element type; 'f16' needs the device's shader-f16. */
  kvType: KvType;
  /**
   * true (the kernel to use): the query heads of a KV group share each K/V tile. false: one query head per
   * workgroup, K/V re-read per query head, kept for the bench comparison.
   */
  shareKv: boolean;
  /**
   * Prefill kernel (nTokens > 1): 'rows', one invocation per query row with its softmax state in registers
   * (attention_rows.wgsl), or 'tiles', rows sharing softmax state in workgroup memory (attention.wgsl).
   * Default: 'rows' on CPU adapters, where barriers and idle lanes cost most, 'tiles' elsewhere.
   */
  prefill?: PrefillAttention;
}

export type PrefillAttention = 'rows' | 'tiles';

export interface AttentionBinding {
  q: GPUBuffer; // (nTokens, nHead, headDim) f32, RoPE applied
  /** (nHeadKv, maxSeq, headDim) kvType: a ring of maxSeq slots, position p at slot p % maxSeq. */
  kCache: GPUBuffer;
  vCache: GPUBuffer; // (nHeadKv, maxSeq, headDim) kvType, as kCache
  /** u32 [0]: position of query token 0; updated by the engine each step. */
  positions: GPUBuffer;
  out: GPUBuffer; // (nTokens, nHead, headDim) f32
  nHead: number;
  nHeadKv: number;
  /**
   * Cache slots (positions). Without a window it holds the whole context; with one, min(context, window +
   * nTokens - 1) slots or more keep every position a query of the step sees.
   */
  maxSeq: number;
  nTokens: number;
  /** Sliding window: each token sees its last `window` positions, itself included (llama.cpp's n_swa). */
  window?: number | undefined;
  /** Attention-logit soft cap: scores become softcap * tanh(score / softcap) before the softmax. */
  softcap?: number | undefined;
  /**
   * Decode only: cut the context into this many ranges run in parallel, then reduce (flash-decoding).
   * Chosen from maxSeq when absent (about one per 256 cached positions); tests and the bench pin it.
   */
  nSplits?: number;
  /** Softmax scale; default 1 / sqrt(headDim). */
  scale?: number | undefined;
}

const TILE = 16;
const WG = 64;
/** Query rows per workgroup, bounded so q_tile + kv_tile stay within 24 KiB of workgroup memory. */
function maxRows(headDim: number): number {
  return Math.max(1, Math.min(16, Math.floor(2048 / headDim)));
}

type AttentionShader = 'attention' | 'attention_rows';

/**
 * The pipeline of `shader` for a head size, KV type and rows per workgroup (HEADS query heads x TOKENS
 * tokens); `extra` adds the shader's own constants and flags.
 */
function attentionPipeline(
  device: GPUDevice,
  shader: AttentionShader,
  { headDim, kvType }: AttentionOptions,
  heads: number,
  tokens: number,
  extra: { constants: Record<string, number>; flags?: Record<string, boolean> },
) {
  const flags = Object.entries(extra.flags ?? {}).map(([name, on]) => (on ? name : `!${name}`));
  const key = `${shader}:hd${headDim}:${kvType}:h${heads}:t${tokens}:${flags.join(':')}`;
  return cachedPipeline(device, key, () =>
    shaderSource(wgsl[shader], {
      enables: kvType === 'f16' ? ['f16'] : [],
      aliases: { kv_t: kvType },
      constants: { HD: headDim, HD4: headDim / 4, HEADS: heads, TOKENS: tokens, ...extra.constants },
      ...(extra.flags && { flags: extra.flags }),
    }),
  );
}

/** Invocations per workgroup of attention_rows.wgsl, one query row each. */
const ROWS_WG = 64;
/** Positions per K/V tile of attention_rows.wgsl: K and V tiles within 16 KiB of workgroup memory. */
const rowsTile = (headDim: number) => Math.max(1, Math.min(64, Math.floor(2048 / headDim)));

/** Context ranges decode attention runs in parallel (flash-decoding): about one per 256 cached positions. */
export function decodeSplits(maxSeq: number): number {
  return Math.min(32, Math.max(1, Math.ceil(maxSeq / 256)));
}

/**
 * Causal GQA attention of nTokens queries over the KV cache, optionally within a sliding window. Decode (nTokens = 1) may split the context
 * (nSplits > 1, then a reduce dispatch runs after); prefill needs nSplits = 1.
 */
export function prepareAttention(
  gpu: KernelDevice,
  options: AttentionOptions,
  binding: AttentionBinding,
): BoundKernel {
  const { device } = gpu;
  const nSplits = binding.nSplits ?? (binding.nTokens === 1 ? decodeSplits(binding.maxSeq) : 1);
  const b = { ...binding, nSplits };
  const { headDim } = options;
  if (headDim % 4 !== 0) throw new Error(`head_dim ${headDim} is not a multiple of 4`);
  if (b.nHead % b.nHeadKv !== 0)
    throw new Error(`n_head ${b.nHead} is not a multiple of n_head_kv ${b.nHeadKv}`);
  if (b.nSplits > 1 && b.nTokens !== 1) throw new Error('split-K attention is for decode (nTokens = 1)');
  if (b.window !== undefined && !(Number.isInteger(b.window) && b.window > 0))
    throw new Error(`attention window must be a positive integer, got ${b.window}`);
  const groupSize = b.nHead / b.nHeadKv;
  const params = createParamsBuffer(device, attentionParams, {
    n_head: b.nHead,
    n_head_kv: b.nHeadKv,
    n_tokens: b.nTokens,
    max_seq: b.maxSeq,
    n_splits: b.nSplits,
    scale: b.scale ?? 1 / Math.sqrt(headDim),
    window_len: b.window ?? 0,
    softcap: b.softcap ?? 0,
  });
  const common = [
    { buffer: params },
    { buffer: b.q },
    { buffer: b.kCache },
    { buffer: b.vCache },
    { buffer: b.positions },
  ];
  if (b.nTokens > 1 && (options.prefill ?? (gpu.cpuAdapter ? 'rows' : 'tiles')) === 'rows') {
    const heads = Math.min(groupSize, ROWS_WG);
    const tokens = Math.floor(ROWS_WG / heads);
    const pipeline = attentionPipeline(device, 'attention_rows', options, heads, tokens, {
      constants: { TILE: rowsTile(headDim), WG: ROWS_WG },
    });
    const group = bindGroup(device, pipeline, [...common, { buffer: b.out }], pipeline.label);
    const workgroups = [b.nHeadKv * Math.ceil(groupSize / heads), Math.ceil(b.nTokens / tokens), 1] as const;
    return boundKernel([{ pipeline, bindGroup: group, workgroups }], [params]);
  }
  const rows = maxRows(headDim);
  const heads = options.shareKv ? Math.min(groupSize, rows) : 1;
  const tokens = b.nTokens === 1 ? 1 : Math.max(1, Math.floor(rows / heads));
  const split = b.nSplits > 1;
  const pipeline = attentionPipeline(device, 'attention', options, heads, tokens, {
    constants: { ROWS: heads * tokens, TILE, WG, D_PER: Math.ceil(headDim / WG) },
    flags: { SPLIT: split },
  });
  const workgroups = [
    b.nHeadKv * Math.ceil(groupSize / heads),
    Math.ceil(b.nTokens / tokens),
    b.nSplits,
  ] as const;
  if (!split) {
    const group = bindGroup(device, pipeline, [...common, { buffer: b.out }], pipeline.label);
    return boundKernel([{ pipeline, bindGroup: group, workgroups }], [params]);
  }
  const nRows = b.nTokens * b.nHead;
  const storage = GPUBufferUsage.STORAGE;
  const partialO = device.createBuffer({
    label: 'attention partial o',
    size: b.nSplits * nRows * headDim * 4,
    usage: storage,
  });
  const partialMl = device.createBuffer({
    label: 'attention partial ml',
    size: b.nSplits * nRows * 2 * 4,
    usage: storage,
  });
  const group = bindGroup(
    device,
    pipeline,
    [...common, undefined, { buffer: partialO }, { buffer: partialMl }],
    pipeline.label,
  );
  const reducePipeline = cachedPipeline(device, 'attention_reduce', () => wgsl.attention_reduce);
  const reduceParams = createParamsBuffer(device, attentionReduceParams, {
    n_rows: nRows,
    head_dim: headDim,
    n_splits: b.nSplits,
  });
  const reduceGroup = bindGroup(
    device,
    reducePipeline,
    [{ buffer: reduceParams }, { buffer: partialO }, { buffer: partialMl }, { buffer: b.out }],
    'attention_reduce',
  );
  const dispatches: Dispatch[] = [
    { pipeline, bindGroup: group, workgroups },
    { pipeline: reducePipeline, bindGroup: reduceGroup, workgroups: [nRows, 1, 1] },
  ];
  return boundKernel(dispatches, [params, reduceParams, partialO, partialMl]);
}
