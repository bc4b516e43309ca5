// GPU memory a model needs, from its GGUF header alone: the loader's own allocation code (weight layout,
// gate-up fusion, GpuRunner.create, every step plan) run on a sizing device, which records buffer sizes and
// allocates nothing. So the estimate is what a load creates, buffer for buffer, with no second copy of the
// sizing rules to drift from it.
import type { GgufHeader } from '@wgllm/gguf';
import type { KernelDevice } from '@wgllm/kernels';
import { type KvType, rowBytes } from '@wgllm/kernels';
import type { KvLayer } from '../graph/graph.ts';
import { convStateLength, kvSlots } from '../graph/graph.ts';
import {
  deriveWeights,
  type GpuLoadOptions,
  GpuRunner,
  gpuModelDefinition,
  stateSizes,
  storedTensorNames,
} from './gpu-runner.ts';
import { addTensor, type GpuWeights } from './gpu-weights.ts';
import { kvBufferBytes, kvElement } from './kv-cache.ts';
import { type SizingLimits, sizingDevice } from './sizing-device.ts';

/** What the kernels choose their variants and the allocators their splits by: a device, as plain data. */
export interface GpuProfile {
  limits: SizingLimits;
  shaderF16: boolean;
  subgroups: boolean;
  cpuAdapter: boolean;
}

export function gpuProfile(gpu: KernelDevice): GpuProfile {
  const { maxBufferSize, maxStorageBufferBindingSize, minStorageBufferOffsetAlignment } = gpu.device.limits;
  return {
    limits: { maxBufferSize, maxStorageBufferBindingSize, minStorageBufferOffsetAlignment },
    shaderF16: gpu.shaderF16,
    subgroups: gpu.subgroups,
    cpuAdapter: gpu.cpuAdapter,
  };
}

/** The KV cache of the attention layers that share one geometry (full context, or one window size). */
export interface KvLayerGroup {
  /** Sliding window (positions); absent: the layers hold the whole context. */
  window?: number;
  nHeadKv: number;
  headDim: number;
  layers: number;
  /** Positions each layer holds (a windowed layer's ring: window + largest prefill chunk). */
  slots: number;
  element: KvType;
  /** K and V of all these layers. */
  bytes: number;
}

/** Bytes the GPU holds for a model, by kind. */
export interface MemoryEstimate {
  /** Tokens the KV cache holds. */
  contextLength: number;
  /** Largest prefill step (tokens): sizes the activations. */
  maxPrefillChunk: number;
  /** Weights as stored: GGUF block layout, gate and up fused into one buffer per layer where they fit. */
  weightsBytes: number;
  /** K and V of every attention layer, and a hybrid model's recurrent state (LFM2's conv layers, f32). */
  kvCacheBytes: number;
  kvLayers: KvLayerGroup[];
  /** The recurrent state's part of kvCacheBytes (0 for a transformer). */
  recurrentStateBytes: number;
  /** Activation buffers shared by every step plan (liveness-pooled). */
  activationBytes: number;
  /** Step plans' params and scratch (every prefill size), sampling, readback and step-input buffers. */
  otherBytes: number;
  /** Everything held once loaded with every plan prepared (one KV sequence). */
  totalBytes: number;
  /** KV sequences the runner keeps for prefix reuse at most: one at load, the others made on first use. */
  sequences: number;
  /** What each sequence after the first adds: its KV cache and the step plans that bind it. */
  sequenceBytes: number;
  /** totalBytes with every sequence made. */
  allSequencesBytes: number;
  /** Most held at once during the load (gate-up fusion holds a layer's gate and up twice for a moment). */
  peakBytes: number;
  /** Largest range bound to one shader (a weight part, a KV layer, an activation), vs maxStorageBufferBindingSize. */
  largestBindingBytes: number;
  /** Largest single buffer, vs maxBufferSize. */
  largestBufferBytes: number;
}

export type EstimateOptions = Pick<GpuLoadOptions, 'contextLength' | 'maxPrefillChunk' | 'sequences'>;

/** The buffers `GpuRunner.load` would create for `header` on a device of `profile`, without any data. */
export function estimateGpuMemory(
  header: GgufHeader,
  profile: GpuProfile,
  options: EstimateOptions = {},
): MemoryEstimate {
  const definition = gpuModelDefinition(header, options.contextLength);
  const { graph } = definition;
  const sizes = stateSizes(definition, options);
  const features = [
    ...(profile.shaderF16 ? ['shader-f16'] : []),
    ...(profile.subgroups ? ['subgroups'] : []),
  ];
  const sizing = sizingDevice(profile.limits, features);
  const { device } = sizing;

  const weights: GpuWeights = { tensors: new Map(), buffers: [], bytes: 0 };
  const needed = storedTensorNames(graph);
  for (const tensor of header.tensors) if (needed.has(tensor.name)) addTensor(device, weights, tensor);
  deriveWeights(device, weights, graph);
  const afterWeights = sizing.bufferCount();

  const gpu: KernelDevice = { ...profile, gpu: undefined as unknown as GPU, device, adapterName: 'sizing' };
  const runner = GpuRunner.create(gpu, definition, weights, sizes);
  runner.prepareAllPlans();
  const held = runner.memory();
  const totalBytes = sizing.liveBytes();
  const peakBytes = sizing.peakBytes();
  runner.createSequence();
  const sequenceBytes = sizing.liveBytes() - totalBytes;
  const sequences = runner.sequences.maxSlots;

  const weightBindings = [...weights.tensors.values()].flatMap((t) =>
    t.parts.map((part) => part.rows * rowBytes(t.type, t.shape[0]!)),
  );
  return {
    contextLength: sizes.contextLength,
    maxPrefillChunk: sizes.maxPrefillChunk,
    weightsBytes: held.weights,
    kvCacheBytes: held.kvCache,
    kvLayers: kvLayerGroups(
      graph.kvLayers,
      sizes.contextLength,
      sizes.maxPrefillChunk,
      kvElement(profile.shaderF16),
    ),
    recurrentStateBytes: graph.convLayers.reduce((n, conv) => n + 4 * convStateLength(conv), 0),
    activationBytes: held.activations,
    otherBytes: totalBytes - held.weights - held.kvCache - held.activations,
    totalBytes,
    sequences,
    sequenceBytes,
    allSequencesBytes: totalBytes + (sequences - 1) * sequenceBytes,
    peakBytes,
    largestBindingBytes: Math.max(sizing.largestStorageBuffer(afterWeights), ...weightBindings),
    largestBufferBytes: sizing.largestBuffer(),
  };
}

function kvLayerGroups(
  layers: readonly KvLayer[],
  contextLength: number,
  maxStepTokens: number,
  element: KvType,
): KvLayerGroup[] {
  const bufferBytes = kvBufferBytes(layers, contextLength, maxStepTokens, element);
  const groups = new Map<string, KvLayerGroup>();
  layers.forEach((kv, l) => {
    const key = `${kv.window ?? 'full'}:${kv.nHeadKv}:${kv.headDim}`;
    const group = groups.get(key) ?? {
      ...(kv.window === undefined ? {} : { window: kv.window }),
      nHeadKv: kv.nHeadKv,
      headDim: kv.headDim,
      layers: 0,
      slots: kvSlots(kv, contextLength, maxStepTokens),
      element,
      bytes: 0,
    };
    group.layers++;
    group.bytes += 2 * bufferBytes[l]!;
    groups.set(key, group);
  });
  return [...groups.values()];
}
