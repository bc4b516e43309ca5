import { type BoundKernel, bindGroup, boundKernel } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { wgsl } from '../generated/shaders.ts';

export const sampleTailParams = defineParams('SampleTailParams', [
  ['n', 'u32'],
  ['k', 'u32'],
  ['inv_temperature', 'f32'],
  ['seed', 'u32'],
  ['step', 'u32'],
] as const);

/** Bytes of the TailStats the kernel writes: sum_all f32, sum_tail f32, tail_id u32, tail_count u32. */
export const TAIL_STATS_BYTES = 16;

export interface SampleTailBinding {
  logits: GPUBuffer; // (n) f32
  topValues: GPUBuffer; // (k) f32, the top-k kernel's values (descending)
  stats: GPUBuffer; // (TAIL_STATS_BYTES) out
  n: number;
}

export interface TailDraw {
  /** Candidates top-k picked (1..n). */
  k: number;
  /** Sampling temperature (> 0). */
  temperature: number;
  seed: number;
  /** Tokens drawn so far in the request. */
  step: number;
}

/** A prepared tail summary whose draw parameters are rewritten before each submit (no allocation). */
export interface SampleTailKernel extends BoundKernel {
  write(draw: TailDraw): void;
}

/** Summarizes the tokens outside the top-k candidates and draws one of them (see sample_tail.wgsl). */
export function prepareSampleTail(device: GPUDevice, b: SampleTailBinding): SampleTailKernel {
  const pipeline = cachedPipeline(device, 'sample_tail', () => wgsl.sample_tail);
  const values = (d: TailDraw) => ({
    n: b.n,
    k: d.k,
    inv_temperature: 1 / d.temperature,
    seed: d.seed >>> 0,
    step: d.step >>> 0,
  });
  const params = createParamsBuffer(
    device,
    sampleTailParams,
    values({ k: 1, temperature: 1, seed: 0, step: 0 }),
  );
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: b.logits }, { buffer: b.topValues }, { buffer: b.stats }],
    'sample tail',
  );
  const kernel = boundKernel([{ pipeline, bindGroup: group, workgroups: [1, 1, 1] }], [params]);
  const paramBytes = new ArrayBuffer(sampleTailParams.byteSize); // rewritten every token
  return {
    ...kernel,
    write(draw) {
      if (!(draw.temperature > 0))
        throw new RangeError(`sample tail: temperature must be > 0, got ${draw.temperature}`);
      device.queue.writeBuffer(params, 0, sampleTailParams.pack(values(draw), paramBytes));
    },
  };
}
