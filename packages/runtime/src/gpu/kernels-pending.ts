// TEMPORARY (until @wgllm/kernels exports them): attention re-exported from its source, and a thin
// dispatcher for shaders/kv_write.wgsl. Deleted once the kernels package index has both.
import { bindGroup, boundKernel, gridFor, type BoundKernel } from '../../../kernels/src/common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../../../kernels/src/common/params.ts';
import { cachedPipeline } from '../../../kernels/src/common/pipeline-cache.ts';
import { shaderSource } from '../../../kernels/src/common/shader-source.ts';
import { wgsl } from '../../../kernels/src/generated/shaders.ts';
import type { RopeConfig } from '@wgllm/kernels';

export { prepareAttention } from '../../../kernels/src/attention/attention.ts';

const kvWriteParams = defineParams('KvWriteParams', [
  ['n_tokens', 'u32'],
  ['n_head_kv', 'u32'],
  ['head_dim', 'u32'],
  ['max_seq', 'u32'],
  ['n_rot', 'u32'],
  ['neox', 'u32'],
  ['freq_base', 'f32'],
  ['freq_scale', 'f32'],
] as const);

export function prepareKvWrite(
  device: GPUDevice,
  options: { kvType: 'f16' | 'f32'; rope: RopeConfig },
  b: { k: GPUBuffer; v: GPUBuffer; positions: GPUBuffer; kCache: GPUBuffer; vCache: GPUBuffer; nTokens: number; nHeadKv: number; maxSeq: number },
): BoundKernel {
  const key = `kv_write:${options.kvType}:rope`;
  const pipeline = cachedPipeline(device, key, () =>
    shaderSource(wgsl.kv_write, {
      enables: options.kvType === 'f16' ? ['f16'] : [],
      aliases: { kv_t: options.kvType },
      flags: { ROPE: true },
    }),
  );
  const r = options.rope;
  const params = createParamsBuffer(device, kvWriteParams, {
    n_tokens: b.nTokens,
    n_head_kv: b.nHeadKv,
    head_dim: r.headDim,
    max_seq: b.maxSeq,
    n_rot: r.nRot,
    neox: r.neox ? 1 : 0,
    freq_base: r.freqBase,
    freq_scale: r.freqScale,
  });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: b.k }, { buffer: b.v }, { buffer: b.positions }, { buffer: b.kCache }, { buffer: b.vCache }],
    key,
  );
  const pairs = (b.nTokens * b.nHeadKv * r.headDim) / 2;
  return boundKernel([{ pipeline, bindGroup: group, workgroups: gridFor(pairs, 64) }], [params]);
}
