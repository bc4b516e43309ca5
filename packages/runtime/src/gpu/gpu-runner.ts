// The GPU backend: weights, KV cache and activations on the device; prefill in power-of-two chunks, decode
// one token per submit. A step writes its token ids and first position, records its prepared plan into one
// command encoder, submits once and reads back once: the argmax id, the top candidates of a sampled draw,
// or the whole logits when asked for them (scoring).
import { GgmlType, type GgufHeader, type GgufSource, type ProgressCallback } from '@wgllm/gguf';
import type { KernelDevice } from '@wgllm/kernels';
import { weightTypes } from '@wgllm/kernels';
import { ContextOverflowError, UnsupportedModelError } from '../errors.ts';
import { defaultContextLength, type ModelConfig, readModelConfig } from '../model/config.ts';
import { allTensorSpecs, checkTensors, type ModelTensorSpecs, modelTensorSpecs } from '../model/tensors.ts';
import type { ModelRunner, Readback, StepOutput } from '../model-runner.ts';
import { type Activations, createActivations, destroyActivations } from './activations.ts';
import { fuseGateUp } from './fuse-gate-up.ts';
import { GpuSampling } from './gpu-sampling.ts';
import { type GpuWeights, uploadWeights } from './gpu-weights.ts';
import { createKvCache, destroyKvCache, type KvCache } from './kv-cache.ts';
import { StagingReadback } from './readback.ts';
import { prepareStepPlan, type StepPlan } from './step-plan.ts';

export interface GpuLoadOptions {
  /** KV cache length (tokens); defaults to the trained context length, at most 4096. */
  contextLength?: number;
  /** Largest prefill chunk (tokens, a power of two): bounds activation memory and per-submit work. */
  maxPrefillChunk?: number;
  onProgress?: ProgressCallback;
}

const typeName = (type: number): string => GgmlType[type] ?? `ggml type ${type}`;
const gpuTypes: ReadonlySet<number> = new Set(weightTypes.map((name) => GgmlType[name]));

/** Splits n into descending powers of two no larger than `max` (e.g. 13 -> 8, 4, 1): few distinct plans. */
export function chunkSizes(n: number, max: number): number[] {
  const sizes: number[] = [];
  while (n > 0) {
    let size = max;
    while (size > n) size /= 2;
    sizes.push(size);
    n -= size;
  }
  return sizes;
}

export class GpuRunner implements ModelRunner {
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly overlapsMask = true;
  private readonly plans = new Map<number, StepPlan>();
  private readonly idsData: Uint32Array<ArrayBuffer>;
  private readonly positionData = new Uint32Array(1);
  private readonly tokenBytes = new Uint8Array(4);
  private readonly logitsData: Float32Array;
  private readonly tokenReadback: StagingReadback;
  private readonly logitsReadback: StagingReadback;
  private readonly sampling: GpuSampling;

  private constructor(
    private readonly gpu: KernelDevice,
    readonly config: ModelConfig,
    private readonly specs: ModelTensorSpecs,
    private readonly weights: GpuWeights,
    private readonly kv: KvCache,
    private readonly activations: Activations,
  ) {
    this.vocabSize = config.vocabSize;
    this.contextLength = kv.contextLength;
    this.idsData = new Uint32Array(activations.maxTokens);
    this.logitsData = new Float32Array(config.vocabSize);
    this.tokenReadback = new StagingReadback(gpu.device, 4, 'token readback');
    this.logitsReadback = new StagingReadback(gpu.device, config.vocabSize * 4, 'logits readback');
    this.sampling = new GpuSampling(gpu.device, activations.logits, config.vocabSize);
    this.plan(1); // the decode plan exists before the first token
  }

  /** Checks the model, uploads its weights tensor by tensor from `source` and sizes the KV cache. */
  static async load(
    gpu: KernelDevice,
    source: GgufSource,
    header: GgufHeader,
    options: GpuLoadOptions = {},
  ): Promise<GpuRunner> {
    const config = readModelConfig(header);
    const specs = modelTensorSpecs(config);
    checkTensors(specs, header.tensors, gpuTypes, typeName);
    const specList = allTensorSpecs(specs);
    for (const spec of specList.filter((s) => s.shape.length === 1)) {
      const type = header.tensors.find((t) => t.name === spec.name)!.type;
      if (type !== GgmlType.F32)
        throw new UnsupportedModelError(`vector ${spec.name} (norm weight or bias) must be F32`, spec.name);
    }
    const maxPrefillChunk = options.maxPrefillChunk ?? 64;
    if (!Number.isInteger(Math.log2(maxPrefillChunk))) {
      throw new RangeError(`maxPrefillChunk must be a power of two, got ${maxPrefillChunk}`);
    }
    // WebGPU reports invalid calls through error scopes, not exceptions: a setup it rejected would otherwise
    // surface only as wrong tokens.
    gpu.device.pushErrorScope('validation');
    let runner: GpuRunner;
    try {
      const needed = new Set(specList.map((s) => s.name));
      const weights = await uploadWeights(gpu.device, source, header, needed, options.onProgress);
      fuseGateUp(gpu.device, weights, specs.layers);
      const contextLength = options.contextLength ?? defaultContextLength(config);
      const kv = createKvCache(gpu.device, config, contextLength, gpu.shaderF16);
      const activations = createActivations(gpu.device, config, maxPrefillChunk);
      runner = new GpuRunner(gpu, config, specs, weights, kv, activations);
    } catch (error) {
      await gpu.device.popErrorScope();
      throw error;
    }
    const invalid = await gpu.device.popErrorScope();
    if (invalid) {
      runner.destroy();
      throw new Error(`WebGPU rejected the model's GPU setup (a wgllm bug): ${invalid.message}`);
    }
    return runner;
  }

  private plan(nTokens: number): StepPlan {
    let plan = this.plans.get(nTokens);
    if (!plan) {
      const context = {
        gpu: this.gpu,
        config: this.config,
        specs: this.specs,
        weights: this.weights.tensors,
      };
      plan = prepareStepPlan({ ...context, activations: this.activations, kv: this.kv }, nTokens);
      this.plans.set(nTokens, plan);
    }
    return plan;
  }

  async run(tokens: readonly number[], pos: number, readback: Readback): Promise<StepOutput> {
    if (pos + tokens.length > this.contextLength)
      throw new ContextOverflowError(pos + tokens.length, this.contextLength);
    const { device } = this.gpu;
    let start = 0;
    const sizes = chunkSizes(tokens.length, this.activations.maxTokens);
    for (const [i, size] of sizes.entries()) {
      const last = i === sizes.length - 1;
      for (let t = 0; t < size; t++) this.idsData[t] = tokens[start + t]!;
      this.positionData[0] = pos + start;
      device.queue.writeBuffer(this.activations.ids, 0, this.idsData, 0, size);
      device.queue.writeBuffer(this.activations.positions, 0, this.positionData);
      const encoder = device.createCommandEncoder({ label: `step x${size}` });
      this.plan(size).record(encoder, last);
      if (last && readback === 'argmax') this.tokenReadback.record(encoder, this.activations.token, 4);
      if (last && readback === 'logits')
        this.logitsReadback.record(encoder, this.activations.logits, this.vocabSize * 4);
      if (last && typeof readback === 'object') {
        const draw = readback;
        if (draw.prepareMask) {
          // The step runs on the device while the constraint computes its mask; the draw is a second submit.
          device.queue.submit([encoder.finish()]);
          await draw.prepareMask();
          const sample = device.createCommandEncoder({ label: 'constrained draw' });
          this.sampling.record(sample, draw);
          device.queue.submit([sample.finish()]);
          break;
        }
        this.sampling.record(encoder, draw);
      }
      device.queue.submit([encoder.finish()]);
      start += size;
    }
    if (readback === 'argmax') {
      await this.tokenReadback.read(this.tokenBytes);
      return { kind: 'argmax', token: new DataView(this.tokenBytes.buffer).getUint32(0, true) };
    }
    if (typeof readback === 'object') return { kind: 'sampled', token: await this.sampling.read(readback) };
    await this.logitsReadback.read(new Uint8Array(this.logitsData.buffer));
    return { kind: 'logits', logits: this.logitsData };
  }

  destroy(): void {
    for (const plan of this.plans.values()) plan.destroy();
    this.plans.clear();
    this.tokenReadback.destroy();
    this.logitsReadback.destroy();
    this.sampling.destroy();
    destroyActivations(this.activations);
    destroyKvCache(this.kv);
    for (const buffer of this.weights.buffers) buffer.destroy();
  }
}
