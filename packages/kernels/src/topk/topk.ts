import { type BoundKernel, bindGroup, boundKernel } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';

export const topKParams = defineParams('TopKParams', [
  ['n', 'u32'],
  ['k', 'u32'],
  ['chunk', 'u32'],
] as const);

/** Logits per stage-1 workgroup. */
const CHUNK = 4096;

export interface TopKBinding {
  logits: GPUBuffer; // (n) f32
  values: GPUBuffer; // (capacity) f32 out: the k largest logits, descending
  ids: GPUBuffer; // (capacity) u32 out: their token ids (lowest id first on ties; 0xffffffff when n < k)
  n: number;
  /** Largest k this binding will be asked for (sizes its scratch buffers). */
  capacity: number;
}

/** A prepared top-k whose k can change between submits (e.g. per sampling request) without allocating. */
export interface TopKKernel extends BoundKernel {
  /** Writes k (1..capacity) into the params: later submits pick that many. */
  setK(k: number): void;
}

function topKPipeline(device: GPUDevice, idsIn: boolean): GPUComputePipeline {
  const key = `topk:${idsIn ? 'candidates' : 'logits'}`;
  return cachedPipeline(device, key, () => shaderSource(wgsl.topk, { flags: { IDS_IN: idsIn } }));
}

/**
 * Top-k candidates for sampling (top-k, then temperature / top-p / min-p over k values on the CPU):
 * stage 1 takes the top k of each 4096-logit chunk in parallel, stage 2 the top k of those.
 */
export function prepareTopK(device: GPUDevice, b: TopKBinding, k = b.capacity): TopKKernel {
  const chunks = Math.ceil(b.n / CHUNK);
  const stage1 = topKPipeline(device, false);
  const stage2 = topKPipeline(device, true);
  const storage = GPUBufferUsage.STORAGE;
  const partialBytes = chunks * b.capacity * 4;
  const partialValues = device.createBuffer({
    label: 'topk partial values',
    size: partialBytes,
    usage: storage,
  });
  const partialIds = device.createBuffer({ label: 'topk partial ids', size: partialBytes, usage: storage });
  const stage1Values = (k: number) => ({ n: b.n, k, chunk: CHUNK });
  const stage2Values = (k: number) => ({ n: chunks * k, k, chunk: chunks * k });
  const params1 = createParamsBuffer(device, topKParams, stage1Values(k));
  const params2 = createParamsBuffer(device, topKParams, stage2Values(k));
  const group1 = bindGroup(
    device,
    stage1,
    [{ buffer: params1 }, { buffer: b.logits }, undefined, { buffer: partialValues }, { buffer: partialIds }],
    'topk stage 1',
  );
  const group2 = bindGroup(
    device,
    stage2,
    [
      { buffer: params2 },
      { buffer: partialValues },
      { buffer: partialIds },
      { buffer: b.values },
      { buffer: b.ids },
    ],
    'topk stage 2',
  );
  const kernel = boundKernel(
    [
      { pipeline: stage1, bindGroup: group1, workgroups: [chunks, 1, 1] },
      { pipeline: stage2, bindGroup: group2, workgroups: [1, 1, 1] },
    ],
    [params1, params2, partialValues, partialIds],
  );
  return {
    ...kernel,
    setK(k) {
      if (!Number.isInteger(k) || k < 1 || k > b.capacity)
        throw new RangeError(`top-k: k must be 1..${b.capacity}, got ${k}`);
      device.queue.writeBuffer(params1, 0, topKParams.pack(stage1Values(k)));
      device.queue.writeBuffer(params2, 0, topKParams.pack(stage2Values(k)));
    },
  };
}
