// The GPU backend: weights, KV cache and activations on the device; prefill in power-of-two chunks, decode
// one token per submit. A step writes its token ids and first position, records its prepared plan into one
// command encoder, submits once and reads back once: the argmax id, the top candidates of a sampled draw,
// or the whole logits when asked for them (scoring).
import { GgmlType, type GgufHeader, type GgufSource, type ProgressCallback } from '@wgllm/gguf';
import { type KernelDevice, weightTypes } from '@wgllm/kernels';
import { ContextOverflowError, UnsupportedModelError } from '../errors.ts';
import { readModelDefinition } from '../families/registry.ts';
import { type ModelGraph, storedTensor } from '../graph/graph.ts';
import type { ModelConfig } from '../model/config.ts';
import { checkTensors } from '../model/tensors.ts';
import type { ModelRunner, Readback, StepOutput } from '../model-runner.ts';
import {
  defaultSequenceCount,
  type PrefixReuse,
  recurrentStateEnd,
  SequenceSlots,
} from '../sequences/sequence-slots.ts';
import { createActivationBuffers } from './activation-buffers.ts';
import { fuseGateUp, gateUpName } from './fuse-gate-up.ts';
import { GpuSampling } from './gpu-sampling.ts';
import { type GpuWeights, uploadWeights } from './gpu-weights.ts';
import { gateUpCandidates, lowerGraph } from './graph-lowering.ts';
import {
  checkKvBindings,
  createKvCache,
  destroyKvCache,
  type KvCache,
  kvBufferBytes,
  kvElement,
  sequenceBuffers,
} from './kv-cache.ts';
import { StagingReadback } from './readback.ts';
import { addRowRanges } from './row-ranges.ts';
import { type PlanContext, prepareStepPlan, type StepPlan, type TapLayout } from './step-plan.ts';

export interface GpuLoadOptions {
  /** KV cache length (tokens); defaults to the trained context length, at most 4096. */
  contextLength?: number;
  /** Largest prefill chunk (tokens, a power of two): bounds activation memory and per-submit work. */
  maxPrefillChunk?: number;
  /**
   * KV sequences kept for prefix reuse, each a KV cache made on first use (default: up to 4, within 1 GiB of
   * KV cache; fewer when the device runs out of memory making one).
   */
  sequences?: number;
  onProgress?: ProgressCallback;
}

const typeName = (type: number): string => GgmlType[type] ?? `ggml type ${type}`;
const gpuTypes: ReadonlySet<number> = new Set(weightTypes.map((name) => GgmlType[name]));
/** Tokens per prefill step unless the load options say otherwise. */
export const DEFAULT_MAX_PREFILL_CHUNK = 64;

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

export interface GpuModelDefinition {
  config: ModelConfig;
  graph: ModelGraph;
  /** KV cache length, tokens (the graph depends on it: LongRoPE picks its factors by it). */
  contextLength: number;
}

/**
 * The model's config and graph at `contextLength` (default: the trained one, at most 4096), checked for the
 * GPU: every weight present, in a type the kernels read.
 */
export function gpuModelDefinition(header: GgufHeader, contextLength?: number): GpuModelDefinition {
  const definition = readModelDefinition(header, contextLength);
  const { graph } = definition;
  checkTensors(graph.weights, header.tensors, gpuTypes, typeName);
  const convTaps = new Set(graph.ops.flatMap((op) => (op.kind === 'shortConv' ? [op.weight.name] : [])));
  for (const weight of graph.weights.filter((w) => w.shape.length === 1 || convTaps.has(w.name))) {
    const type = header.tensors.find((t) => t.name === weight.name)!.type;
    if (type !== GgmlType.F32)
      throw new UnsupportedModelError(
        `${weight.name} (norm weight, bias or conv taps) must be F32`,
        weight.name,
      );
  }
  return definition;
}

/** The file's tensors the graph reads (a row-range weight reads its whole stored tensor). */
export function storedTensorNames(graph: ModelGraph): Set<string> {
  return new Set(graph.weights.map((w) => storedTensor(w).name));
}

/** The weight forms made on the device after the upload: fused gate|up, row ranges of fused tensors. */
export function deriveWeights(device: GPUDevice, weights: GpuWeights, graph: ModelGraph): void {
  fuseGateUp(device, weights, gateUpCandidates(graph));
  addRowRanges(device, weights, graph.weights);
}

/** What the runner's buffers are sized by, tokens. */
export interface StateSizes {
  contextLength: number;
  maxPrefillChunk: number;
  /** KV sequences kept for prefix reuse (undefined: sized from the first KV cache's bytes). */
  sequences?: number | undefined;
}

/** The load options' sizes with their defaults, checked. */
export function stateSizes({ contextLength }: GpuModelDefinition, options: GpuLoadOptions): StateSizes {
  const maxPrefillChunk = options.maxPrefillChunk ?? DEFAULT_MAX_PREFILL_CHUNK;
  if (!Number.isInteger(Math.log2(maxPrefillChunk))) {
    throw new RangeError(`maxPrefillChunk must be a power of two, got ${maxPrefillChunk}`);
  }
  if (!Number.isInteger(contextLength) || contextLength < 1)
    throw new RangeError(`contextLength must be a positive integer, got ${contextLength}`);
  return { contextLength, maxPrefillChunk, sequences: options.sequences };
}

/** One KV sequence: its cache and the step plans that bind it, per step size. */
export interface Sequence {
  kv: KvCache;
  plans: Map<number, StepPlan>;
  /** Position after the last token its recurrent state (conv layers) has seen. */
  stateEnd: number;
}

export class GpuRunner implements ModelRunner {
  readonly vocabSize: number;
  readonly contextLength: number;
  readonly overlapsMask = true;
  readonly sequences: SequenceSlots;
  /** Per slot of `sequences`; the first is made at load. */
  private readonly caches: Sequence[];
  private readonly idsData: Uint32Array<ArrayBuffer>;
  private readonly positionData = new Uint32Array(1);
  private readonly tokenBytes = new Uint8Array(4);
  private readonly logitsData: Float32Array;
  private readonly tokenReadback: StagingReadback;
  private readonly logitsReadback: StagingReadback;
  private readonly sampling: GpuSampling;
  private readonly logitsBuffer: GPUBuffer;

  private constructor(
    private readonly gpu: KernelDevice,
    readonly config: ModelConfig,
    readonly graph: ModelGraph,
    private readonly weights: GpuWeights,
    private readonly context: PlanContext,
    sequences: number | undefined,
  ) {
    const { device } = gpu;
    this.vocabSize = config.vocabSize;
    this.contextLength = context.kv.contextLength;
    this.idsData = new Uint32Array(context.activations.maxTokens);
    this.logitsData = new Float32Array(config.vocabSize);
    this.logitsBuffer = context.activations.byValue.get(graph.logits.id)!;
    this.tokenReadback = new StagingReadback(device, 4, 'token readback');
    this.logitsReadback = new StagingReadback(device, config.vocabSize * 4, 'logits readback');
    this.sampling = new GpuSampling(device, this.logitsBuffer, config.vocabSize);
    this.caches = [{ kv: context.kv, plans: new Map(), stateEnd: 0 }];
    const { kv } = context;
    const rings = graph.kvLayers.map((layer, l) => ({ window: layer.window, slots: kv.slots[l]! }));
    const count = sequences ?? defaultSequenceCount(kv.bytes);
    this.sequences = new SequenceSlots(count, rings, graph.convLayers.length > 0);
    this.plan(1); // the decode plan exists before the first token
  }

  /** Checks the model, uploads its weights tensor by tensor from `source` and sizes the KV cache. */
  static async load(
    gpu: KernelDevice,
    source: GgufSource,
    header: GgufHeader,
    options: GpuLoadOptions = {},
  ): Promise<GpuRunner> {
    const definition = gpuModelDefinition(header, options.contextLength);
    const { graph } = definition;
    const sizes = stateSizes(definition, options);
    checkKvBindings(
      kvBufferBytes(graph.kvLayers, sizes.contextLength, sizes.maxPrefillChunk, kvElement(gpu.shaderF16)),
      gpu.device.limits.maxStorageBufferBindingSize,
    );
    const { device } = gpu;
    // WebGPU reports invalid calls through error scopes, not exceptions: a setup it rejected would otherwise
    // surface only as wrong tokens.
    device.pushErrorScope('validation');
    let runner: GpuRunner;
    try {
      const weights = await uploadWeights(
        device,
        source,
        header,
        storedTensorNames(graph),
        options.onProgress,
      );
      deriveWeights(device, weights, graph);
      runner = GpuRunner.create(gpu, definition, weights, sizes);
    } catch (error) {
      await device.popErrorScope();
      throw error;
    }
    const invalid = await device.popErrorScope();
    if (invalid) {
      runner.destroy();
      throw new Error(`WebGPU rejected the model's GPU setup (a wgllm bug): ${invalid.message}`);
    }
    return runner;
  }

  /**
   * The runner over weights already on `gpu`: lowers the graph and allocates the KV cache, activations,
   * sampling and readback buffers and the decode plan. The memory estimate runs it on a sizing device.
   */
  static create(
    gpu: KernelDevice,
    { config, graph }: GpuModelDefinition,
    weights: GpuWeights,
    { contextLength, maxPrefillChunk, sequences }: StateSizes,
  ): GpuRunner {
    const { device } = gpu;
    const steps = lowerGraph(graph, (gate) => weights.tensors.has(gateUpName(gate)));
    const small = (label: string, usage: number) =>
      device.createBuffer({ label, size: 4 * maxPrefillChunk, usage: GPUBufferUsage.STORAGE | usage });
    const context: PlanContext = {
      gpu,
      steps,
      weights: weights.tensors,
      activations: createActivationBuffers(device, graph, steps, maxPrefillChunk),
      kv: createKvCache(
        device,
        graph.kvLayers,
        contextLength,
        maxPrefillChunk,
        gpu.shaderF16,
        graph.convLayers,
      ),
      ids: small('ids', GPUBufferUsage.COPY_DST),
      positions: small('positions', GPUBufferUsage.COPY_DST),
      logits: graph.logits,
      token: small('token', GPUBufferUsage.COPY_SRC),
    };
    return new GpuRunner(gpu, config, graph, weights, context, sequences);
  }

  /** Bytes of the buffers the runner holds, by kind (the rest: plans' params and scratch, sampling, readback). */
  memory(): { weights: number; kvCache: number; activations: number } {
    const sum = (buffers: readonly GPUBuffer[]) => buffers.reduce((n, b) => n + b.size, 0);
    const { kv } = this.context;
    return {
      weights: sum(this.weights.buffers),
      // A hybrid model's recurrent state is part of its sequence's cache.
      kvCache: kv.bytes + kv.stateBytes,
      activations: sum(this.context.activations.all),
    };
  }

  /**
   * Prepares the plan of every step size a prompt can be cut into (powers of two up to the largest prefill
   * chunk) now rather than on first use: all their pipelines and params exist before the first prompt.
   */
  prepareAllPlans(): void {
    for (let size = 1; size <= this.context.activations.maxTokens; size *= 2) this.plan(size);
  }

  /** The current sequence's plan for steps of `nTokens`. */
  private plan(nTokens: number): StepPlan {
    const { kv, plans } = this.caches[this.sequences.current]!;
    let plan = plans.get(nTokens);
    if (!plan) {
      plan = prepareStepPlan({ ...this.context, kv }, nTokens);
      plans.set(nTokens, plan);
    }
    return plan;
  }

  cachedPrefix(prompt: readonly number[]): number {
    return this.sequences.longestReusable(prompt);
  }

  async selectSequence(prompt: readonly number[], reuse: PrefixReuse = 'longest'): Promise<number> {
    const choice = await this.sequences.acquire(prompt, reuse, (slot) => this.makeSequence(slot));
    if (choice.copyFrom !== undefined) {
      const from = this.caches[choice.copyFrom]!;
      const to = this.caches[choice.slot]!;
      const targets = sequenceBuffers(to.kv);
      const encoder = this.gpu.device.createCommandEncoder({ label: 'fork kv sequence' });
      for (const [i, source] of sequenceBuffers(from.kv).entries())
        encoder.copyBufferToBuffer(source, 0, targets[i]!, 0, source.size);
      this.gpu.device.queue.submit([encoder.finish()]);
      to.stateEnd = from.stateEnd;
    }
    return choice.cached;
  }

  /** A KV cache for a new slot; false when the device is out of memory for it. */
  private async makeSequence(slot: number): Promise<boolean> {
    const { device } = this.gpu;
    device.pushErrorScope('out-of-memory');
    const kv = this.createKvCache();
    if (await device.popErrorScope()) {
      destroyKvCache(kv);
      return false;
    }
    this.caches[slot] = this.sequenceOver(kv);
    return true;
  }

  private createKvCache(): KvCache {
    const { kv, activations } = this.context;
    const { kvLayers } = this.graph;
    return createKvCache(
      this.gpu.device,
      kvLayers,
      kv.contextLength,
      activations.maxTokens,
      this.gpu.shaderF16,
      this.graph.convLayers,
    );
  }

  /** A sequence over `kv`: its decode plan exists before its first token, as the first one's does from load. */
  private sequenceOver(kv: KvCache): Sequence {
    return { kv, plans: new Map([[1, prepareStepPlan({ ...this.context, kv }, 1)]]), stateEnd: 0 };
  }

  /**
   * The buffers of one more sequence, in no slot, as it stands once it has run steps of every size: its KV
   * cache and the plan of each step size. The memory estimate sizes a sequence with it on its sizing device.
   */
  createSequence(): Sequence {
    const sequence = this.sequenceOver(this.createKvCache());
    for (let size = 2; size <= this.context.activations.maxTokens; size *= 2)
      sequence.plans.set(size, prepareStepPlan({ ...this.context, kv: sequence.kv }, size));
    return sequence;
  }

  /** Writes tokens[start, start + size) and the chunk's first position into their GPU buffers (no copy made). */
  private writeInputs(tokens: readonly number[], start: number, size: number, pos: number): void {
    const { device } = this.gpu;
    for (let t = 0; t < size; t++) this.idsData[t] = tokens[start + t]!;
    this.positionData[0] = pos;
    device.queue.writeBuffer(this.context.ids, 0, this.idsData, 0, size);
    device.queue.writeBuffer(this.context.positions, 0, this.positionData);
  }

  /**
   * A recurrent state is its sequence's at one position: a run at 0 clears it (recorded into `encoder`, ahead
   * of the step), any other run must continue where the last one ended (sequence-slots.ts reuses no other).
   */
  private continueState(encoder: GPUCommandEncoder, pos: number, nTokens: number): void {
    const sequence = this.caches[this.sequences.current]!;
    if (sequence.kv.convStates.length === 0) return;
    if (pos === 0) for (const state of sequence.kv.convStates) encoder.clearBuffer(state);
    sequence.stateEnd = recurrentStateEnd(sequence.stateEnd, pos, nTokens);
  }

  async run(tokens: readonly number[], pos: number, readback: Readback): Promise<StepOutput> {
    if (pos + tokens.length > this.contextLength)
      throw new ContextOverflowError(pos + tokens.length, this.contextLength);
    return this.sequences.track(tokens, pos, () => this.step(tokens, pos, readback));
  }

  private async step(tokens: readonly number[], pos: number, readback: Readback): Promise<StepOutput> {
    const { device } = this.gpu;
    let start = 0;
    const sizes = chunkSizes(tokens.length, this.context.activations.maxTokens);
    for (const [i, size] of sizes.entries()) {
      const last = i === sizes.length - 1;
      this.writeInputs(tokens, start, size, pos + start);
      const encoder = device.createCommandEncoder({ label: `step x${size}` });
      this.continueState(encoder, pos + start, size);
      this.plan(size).record(encoder, last);
      if (last && readback === 'argmax') this.tokenReadback.record(encoder, this.context.token, 4);
      if (last && readback === 'logits')
        this.logitsReadback.record(encoder, this.logitsBuffer, this.vocabSize * 4);
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

  /**
   * Debug taps: runs `tokens` (one chunk, at most the largest prefill chunk) at `pos` and returns the values
   * named in `names` as the GPU computed them ((tokens, width) f32, or (1, width) after lastToken). Values a
   * fusion never stores (RoPE'd K, gate and up of a fused gate-up) are absent. Allocates: not for decoding.
   */
  async tap(
    tokens: readonly number[],
    pos: number,
    names: ReadonlySet<string>,
  ): Promise<Map<string, Float32Array>> {
    if (tokens.length > this.context.activations.maxTokens || !Number.isInteger(Math.log2(tokens.length)))
      throw new RangeError(
        `tap runs one power-of-two chunk of at most ${this.context.activations.maxTokens} tokens`,
      );
    if (pos + tokens.length > this.contextLength)
      throw new ContextOverflowError(pos + tokens.length, this.contextLength);
    const { device } = this.gpu;
    const bytes = this.graph.ops
      .filter((op) => names.has(op.out.name))
      .reduce((n, op) => n + (op.out.tokens === 'all' ? tokens.length : 1) * op.out.width * 4, 0);
    const usage = GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ;
    const staging = device.createBuffer({ label: 'taps', size: Math.max(4, bytes), usage });
    this.writeInputs(tokens, 0, tokens.length, pos);
    const encoder = device.createCommandEncoder({ label: 'taps' });
    this.continueState(encoder, pos, tokens.length);
    const layout: TapLayout[] = this.plan(tokens.length).recordTaps(encoder, names, staging);
    device.queue.submit([encoder.finish()]);
    await this.sequences.track(tokens, pos, () => staging.mapAsync(GPUMapMode.READ));
    const data = staging.getMappedRange();
    const taps = new Map(
      layout.map((t) => [t.value.name, new Float32Array(data.slice(t.byteOffset, t.byteOffset + t.bytes))]),
    );
    staging.unmap();
    staging.destroy();
    return taps;
  }

  /**
   * The current sequence's conv states as the GPU holds them (per conv layer (kernel - 1, channels) f32), read
   * back: tests compare them with the CPU reference's. Allocates: not for decoding.
   */
  async readRecurrentState(): Promise<Float32Array[]> {
    const { device } = this.gpu;
    const states = this.caches[this.sequences.current]!.kv.convStates;
    const usage = GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ;
    const bytes = states.reduce((n, b) => n + b.size, 0);
    const staging = device.createBuffer({ label: 'conv state readback', size: Math.max(4, bytes), usage });
    const encoder = device.createCommandEncoder({ label: 'conv state readback' });
    let offset = 0;
    for (const state of states) {
      encoder.copyBufferToBuffer(state, 0, staging, offset, state.size);
      offset += state.size;
    }
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(GPUMapMode.READ);
    const data = staging.getMappedRange();
    offset = 0;
    const out = states.map((state) => {
      const copy = new Float32Array(data.slice(offset, offset + state.size));
      offset += state.size;
      return copy;
    });
    staging.unmap();
    staging.destroy();
    return out;
  }

  destroy(): void {
    for (const { kv, plans } of this.caches) {
      for (const plan of plans.values()) plan.destroy();
      plans.clear();
      if (kv !== this.context.kv) destroyKvCache(kv);
    }
    this.tokenReadback.destroy();
    this.logitsReadback.destroy();
    this.sampling.destroy();
    const { activations, kv, ids, positions, token } = this.context;
    for (const buffer of [...activations.all, ids, positions, token]) buffer.destroy();
    destroyKvCache(kv);
    for (const buffer of this.weights.buffers) buffer.destroy();
  }
}
