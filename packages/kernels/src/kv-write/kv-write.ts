import type { KvType } from '../attention/attention.ts';
import { type BoundKernel, bindGroup, boundKernel, gridFor } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';
import { type RopeConfig, ropeFactorsBuffer, ropeParamFields, ropeParamValues } from '../rope/rope.ts';

export const kvWriteParams = defineParams('KvWriteParams', [
  ['n_tokens', 'u32'],
  ['n_head_kv', 'u32'],
  ['head_dim', 'u32'],
  ['max_seq', 'u32'],
  ...ropeParamFields,
] as const);

export interface KvWriteBinding {
  k: GPUBuffer; // (nTokens, nHeadKv, headDim) f32, before RoPE when `rope` is given
  v: GPUBuffer; // (nTokens, nHeadKv, headDim) f32
  /** u32 [0]: position of token 0; updated by the engine each step. */
  positions: GPUBuffer;
  /** With RoPE: (nRot / 2) f32 frequency factors; absent: all 1. */
  freqFactors?: GPUBuffer;
  kCache: GPUBuffer; // (nHeadKv, maxSeq, headDim) kvType, a ring: position p at slot p % maxSeq
  vCache: GPUBuffer; // (nHeadKv, maxSeq, headDim) kvType, as kCache
  nTokens: number;
  nHeadKv: number;
  headDim: number;
  /** Cache slots (positions). */
  maxSeq: number;
}

/**
 * Writes K (rotated by `rope` when given: RoPE + KV write fused) and V into the caches at positions[0] + t, each
 * at its ring slot.
 */
export function prepareKvWrite(
  device: GPUDevice,
  kvType: KvType,
  rope: RopeConfig | undefined,
  b: KvWriteBinding,
): BoundKernel {
  if (b.headDim % 2 !== 0) throw new Error(`head_dim ${b.headDim} must be even`);
  if (rope && rope.headDim !== b.headDim) throw new Error('rope.headDim differs from headDim');
  const key = `kv_write:${kvType}:${rope ? 'rope' : 'copy'}`;
  const pipeline = cachedPipeline(device, key, () =>
    shaderSource(wgsl.kv_write, {
      enables: kvType === 'f16' ? ['f16'] : [],
      aliases: { kv_t: kvType },
      flags: { ROPE: rope !== undefined },
    }),
  );
  const params = createParamsBuffer(device, kvWriteParams, {
    n_tokens: b.nTokens,
    n_head_kv: b.nHeadKv,
    head_dim: b.headDim,
    max_seq: b.maxSeq,
    ...ropeParamValues(rope ?? { headDim: b.headDim, nRot: 0, neox: false, freqBase: 1, freqScale: 1 }),
  });
  const factors = rope && ropeFactorsBuffer(device, rope, b.freqFactors);
  const group = bindGroup(
    device,
    pipeline,
    [
      { buffer: params },
      { buffer: b.k },
      { buffer: b.v },
      { buffer: b.positions },
      { buffer: b.kCache },
      { buffer: b.vCache },
      factors && { buffer: factors.buffer },
    ],
    key,
  );
  const pairs = (b.nTokens * b.nHeadKv * b.headDim) / 2;
  return boundKernel(
    [{ pipeline, bindGroup: group, workgroups: gridFor(pairs, 64) }],
    [params, ...(factors?.owned ?? [])],
  );
}
