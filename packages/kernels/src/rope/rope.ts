import { type BoundKernel, bindGroup, boundKernel, gridFor } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

/** The RoPE fields of a params struct, shared by rope and the RoPE-fused KV write (order as in _rope.wgsl's users). */
export const ropeParamFields = [
  ['n_rot', 'u32'],
  ['neox', 'u32'],
  ['freq_base', 'f32'],
  ['freq_scale', 'f32'],
  ['ext_factor', 'f32'],
  ['attn_factor', 'f32'],
  ['corr_low', 'f32'],
  ['corr_high', 'f32'],
] as const;

export const ropeParams = defineParams('RopeParams', [
  ['n_tokens', 'u32'],
  ['n_heads', 'u32'],
  ['head_dim', 'u32'],
  ...ropeParamFields,
] as const);

/**
 * YaRN (llama.cpp `rope.scaling.type` yarn, ggml's rope_yarn): pair i's angle blends the interpolated
 * (freqScale-scaled) and the original angle by a ramp over the correction dims, and cos/sin are scaled.
 */
export interface RopeYarn {
  /** Weight of the extrapolated angle where the ramp is 1 (llama.cpp's yarn_ext_factor; 1 for yarn). */
  extFactor: number;
  /** Magnitude scale of cos and sin (llama.cpp's yarn_attn_factor), before YaRN's own 1 + 0.1 ln(1 / freqScale). */
  attnFactor: number;
  betaFast: number;
  betaSlow: number;
  /** Context length the model was trained with before scaling (tokens). */
  origContext: number;
}

export interface RopeConfig {
  headDim: number;
  /** Leading dims of each head that rotate (llama: headDim). */
  nRot: number;
  /** NeoX ordering pairs (i, i + nRot / 2); GGUF llama uses adjacent pairs (false). */
  neox: boolean;
  freqBase: number;
  /** 1 / RoPE scaling factor (linear or YaRN). */
  freqScale: number;
  /** Absent: plain (linearly scaled) RoPE. */
  yarn?: RopeYarn;
  /**
   * Magnitude scale of cos and sin without YaRN (llama.cpp's rope.scaling.attn_factor: LongRoPE's
   * sqrt(1 + ln(scale) / ln(original context))); default 1. With YaRN, `yarn.attnFactor` holds it.
   */
  attnFactor?: number;
}

/** ggml_rope_yarn_corr_dims: the pair range [low, high] over which YaRN's ramp falls from 1 to 0. */
export function ropeYarnCorrDims(nRot: number, yarn: RopeYarn, freqBase: number): [number, number] {
  const dim = (beta: number) =>
    (nRot * Math.log(yarn.origContext / (beta * 2 * Math.PI))) / (2 * Math.log(freqBase));
  return [Math.max(0, Math.floor(dim(yarn.betaFast))), Math.min(nRot - 1, Math.ceil(dim(yarn.betaSlow)))];
}

/** The values of ropeParamFields for `config`. */
export function ropeParamValues(config: RopeConfig) {
  const { yarn } = config;
  const [low, high] = yarn ? ropeYarnCorrDims(config.nRot, yarn, config.freqBase) : [0, 0];
  return {
    n_rot: config.nRot,
    neox: config.neox ? 1 : 0,
    freq_base: config.freqBase,
    freq_scale: config.freqScale,
    ext_factor: yarn?.extFactor ?? 0,
    attn_factor: yarn?.attnFactor ?? config.attnFactor ?? 1,
    corr_low: low,
    corr_high: high,
  };
}

/**
 * The (nRot / 2) f32 per-pair frequency factors a RoPE kernel binds (llama 3's rope_freqs, LongRoPE's factors:
 * pair i's angle is divided by factor i): `given`, or an owned buffer of ones.
 */
export function ropeFactorsBuffer(
  device: GPUDevice,
  config: RopeConfig,
  given: GPUBuffer | undefined,
): { buffer: GPUBuffer; owned: GPUBuffer[] } {
  if (given) return { buffer: given, owned: [] };
  const ones = new Float32Array(Math.max(1, config.nRot / 2)).fill(1);
  const buffer = device.createBuffer({
    label: 'rope factors (ones)',
    size: ones.byteLength,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(buffer, 0, ones);
  return { buffer, owned: [buffer] };
}

export interface RopeBinding {
  v: GPUBuffer; // (nTokens, nHeads, headDim) f32, rotated in place
  /** u32 [0]: position of the first token; updated by the engine each step. */
  positions: GPUBuffer;
  /** (nRot / 2) f32 frequency factors; absent: all 1. */
  freqFactors?: GPUBuffer;
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
    ...ropeParamValues(config),
  });
  const factors = ropeFactorsBuffer(device, config, b.freqFactors);
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: b.v }, { buffer: b.positions }, { buffer: factors.buffer }],
    'rope',
  );
  const pairs = (b.nTokens * b.nHeads * config.nRot) / 2;
  return boundKernel(
    [{ pipeline, bindGroup: group, workgroups: gridFor(pairs, 64) }],
    [params, ...factors.owned],
  );
}
