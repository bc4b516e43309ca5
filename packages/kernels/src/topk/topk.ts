import { type BoundKernel, bindGroup } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';

export const topKParams = defineParams('TopKParams', [
  ['n', 'u32'],
  ['k', 'u32'],
] as const);

/** Pairs one workgroup sorts (topk.wgsl's CHUNK). */
const CHUNK = 1024;
/** Largest k: each pass must shrink its input (k <= CHUNK / 2 at least halves it). */
export const TOPK_MAX_K = CHUNK / 2;

export interface TopKBinding {
  logits: GPUBuffer; // (n) f32
  values: GPUBuffer; // (capacity) f32 out: the k largest logits, descending
  ids: GPUBuffer; // (capacity) u32 out: their token ids (lowest id first on ties; 0xffffffff when n < k)
  n: number;
  /** Largest k this binding will be asked for (sizes its scratch buffers), at most TOPK_MAX_K. */
  capacity: number;
}

/** A prepared top-k whose k can change between submits (e.g. per sampling request) without allocating. */
export interface TopKKernel extends BoundKernel {
  /** Writes k (1..capacity) into the params: later submits pick that many. */
  setK(k: number): void;
}

/** Input size and workgroups of each pass for k: chunks of CHUNK, each leaving k, until one chunk remains. */
function passSizes(n: number, k: number): { n: number; workgroups: number }[] {
  const passes = [];
  for (let size = n; ; ) {
    const workgroups = Math.ceil(size / CHUNK);
    passes.push({ n: size, workgroups });
    if (workgroups === 1) return passes;
    size = workgroups * k;
  }
}

function topKPipeline(device: GPUDevice, idsIn: boolean): GPUComputePipeline {
  const key = `topk:${idsIn ? 'candidates' : 'logits'}`;
  return cachedPipeline(device, key, () => shaderSource(wgsl.topk, { flags: { IDS_IN: idsIn } }));
}

/**
 * Top-k candidates for sampling (top-k, then temperature / top-p / min-p over k values on the CPU): passes
 * of chunk-wise bitonic sorts (see topk.wgsl), the last writing the k best into `values` and `ids`.
 */
export function prepareTopK(device: GPUDevice, b: TopKBinding, k = b.capacity): TopKKernel {
  if (!Number.isInteger(b.capacity) || b.capacity < 1 || b.capacity > TOPK_MAX_K)
    throw new RangeError(`top-k: capacity must be 1..${TOPK_MAX_K}, got ${b.capacity}`);
  const fromLogits = topKPipeline(device, false);
  const fromCandidates = topKPipeline(device, true);
  const widest = passSizes(b.n, b.capacity);
  // Ping-pong scratch for the passes between the first and the last, sized by the first pass's output.
  const scratchPairs = widest[0]!.workgroups * b.capacity;
  const storage = GPUBufferUsage.STORAGE;
  const scratch = [0, 1].map((i) => ({
    values: device.createBuffer({
      label: `topk scratch values ${i}`,
      size: scratchPairs * 4,
      usage: storage,
    }),
    ids: device.createBuffer({ label: `topk scratch ids ${i}`, size: scratchPairs * 4, usage: storage }),
  }));
  const params = widest.map((pass) => createParamsBuffer(device, topKParams, { n: pass.n, k: b.capacity }));
  // Per pass: its bind group when it feeds another pass, and when it is the last.
  const groups = params.map((buffer, i) => {
    const input =
      i === 0
        ? [{ buffer: b.logits }, undefined]
        : [{ buffer: scratch[(i - 1) % 2]!.values }, { buffer: scratch[(i - 1) % 2]!.ids }];
    const pipeline = i === 0 ? fromLogits : fromCandidates;
    const group = (values: GPUBuffer, ids: GPUBuffer) =>
      bindGroup(
        device,
        pipeline,
        [{ buffer }, ...input, { buffer: values }, { buffer: ids }],
        `topk pass ${i}`,
      );
    return {
      pipeline,
      toScratch: group(scratch[i % 2]!.values, scratch[i % 2]!.ids),
      toOutput: group(b.values, b.ids),
    };
  });
  let passes = passSizes(b.n, k);
  const setK = (next: number) => {
    if (!Number.isInteger(next) || next < 1 || next > b.capacity)
      throw new RangeError(`top-k: k must be 1..${b.capacity}, got ${next}`);
    passes = passSizes(b.n, next);
    passes.forEach((pass, i) => {
      device.queue.writeBuffer(params[i]!, 0, topKParams.pack({ n: pass.n, k: next }));
    });
  };
  setK(k);
  return {
    encode(pass) {
      passes.forEach(({ workgroups }, i) => {
        const group = groups[i]!;
        pass.setPipeline(group.pipeline);
        pass.setBindGroup(0, i === passes.length - 1 ? group.toOutput : group.toScratch);
        pass.dispatchWorkgroups(workgroups);
      });
    },
    destroy() {
      for (const buffer of [...params, ...scratch.flatMap((s) => [s.values, s.ids])]) buffer.destroy();
    },
    setK,
  };
}
