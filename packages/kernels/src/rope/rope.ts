import { type BoundKernel, bindGroup, boundKernel, gridFor } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

export const ropeParams = defineParams('RopeParams', [
  ['n_tokens', 'u32'],
  ['n_heads', 'u32'],
  ['head_dim', 'u32'],
  ['n_rot', 'u32'],
  ['neox', 'u32'],
  ['freq_base', 'f32'],
  ['freq_scale', 'f32'],
] as const);

export interface RopeConfig {
  headDim: number;
  /** Leading dims of each head that rotate (llama: headDim). */
  nRot: number;
  /** NeoX ordering pairs (i, i + nRot / 2); GGUF llama uses adjacent pairs (false). */
  neox: boolean;
  freqBase: number;
  /** 1 / linear RoPE scaling factor. */
  freqScale: number;
}

export interface RopeBinding {
  v: GPUBuffer; // (nTokens, nHeads, headDim) f32, rotated in place
  /** u32 [0]: position of the first token; updated by the engine each step. */
  positions: GPUBuffer;
  nTokens: number;
  nHeads: number;
}

/** In-place rotary embedding of q or k. */
export function prepareRope(device: GPUDevice, config: RopeConfig, b: RopeBinding): BoundKernel {
  if (config.nRot % 2 !== 0 || config.nRot > config.headDim) throw new Error(`bad n_rot ${config.nRot}`);
  const pipeline = cachedPipeline(device, 'rope', () => wgsl.rope);
  const params = createParamsBuffer(device, ropeParams, {
    n_tokens: b.nTokens,
    n_heads: b.nHeads,
    head_dim: config.headDim,
    n_rot: config.nRot,
    neox: config.neox ? 1 : 0,
    freq_base: config.freqBase,
    freq_scale: config.freqScale,
  });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: b.v }, { buffer: b.positions }],
    'rope',
  );
  const pairs = (b.nTokens * b.nHeads * config.nRot) / 2;
  return boundKernel([{ pipeline, bindGroup: group, workgroups: gridFor(pairs, 64) }], [params]);
}
