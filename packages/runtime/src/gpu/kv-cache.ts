// The KV cache on the GPU: per attention layer one K and one V buffer of that layer's geometry, sized from
// the requested context length, or for a sliding-window layer from its window (a ring of slots); beside it, a
// hybrid model's recurrent state, per conv layer one f32 buffer, part of the same sequence.
import type { KvType } from '@wgllm/kernels';
import { type ConvLayer, convStateLength, type KvLayer, kvSlots } from '../graph/graph.ts';

export interface KvCache {
  /** Positions held (tokens). */
  contextLength: number;
  element: KvType;
  /** Per attention layer: slots (positions) its buffers hold; position p lives at slot p % slots. */
  slots: number[];
  keys: GPUBuffer[]; // per attention layer: (n_kv_heads, slots, head_dim)
  values: GPUBuffer[]; // per attention layer: (n_kv_heads, slots, head_dim)
  /** Bytes of all layers' K and V. */
  bytes: number;
  convStates: GPUBuffer[]; // per conv layer: (kernel - 1, channels) f32
  /** Bytes of all conv states. */
  stateBytes: number;
}

/** Every buffer of the sequence, in a fixed order (a fork copies them pairwise). */
export function sequenceBuffers(cache: KvCache): GPUBuffer[] {
  return [...cache.keys, ...cache.values, ...cache.convStates];
}

const elementBytes = (element: KvType): number => (element === 'f16' ? 2 : 4);

/** f16 where the device has shader-f16 (half the memory and bandwidth), f32 otherwise. */
export function kvElement(shaderF16: boolean): KvType {
  return shaderF16 ? 'f16' : 'f32';
}

/**
 * Bytes of each attention layer's K buffer (its V buffer is as large). `maxStepTokens`: the largest step
 * (prefill chunk), which a windowed layer's ring holds beside its window.
 */
export function kvBufferBytes(
  layers: readonly KvLayer[],
  contextLength: number,
  maxStepTokens: number,
  element: KvType,
): number[] {
  return layers.map(
    (kv) =>
      Math.ceil(
        (kv.nHeadKv * kvSlots(kv, contextLength, maxStepTokens) * kv.headDim * elementBytes(element)) / 4,
      ) * 4,
  );
}

/** Throws when a layer's K or V buffer would not fit one storage binding of the device. */
export function checkKvBindings(sizes: readonly number[], maxStorageBufferBindingSize: number): void {
  const largest = Math.max(0, ...sizes);
  if (largest > maxStorageBufferBindingSize) {
    throw new RangeError(
      `a KV cache layer of ${largest} bytes exceeds maxStorageBufferBindingSize (${maxStorageBufferBindingSize}); ask for a shorter context`,
    );
  }
}

/** Allocates the cache; callers check its layers against the binding limit first (checkKvBindings). */
export function createKvCache(
  device: GPUDevice,
  layers: readonly KvLayer[],
  contextLength: number,
  maxStepTokens: number,
  shaderF16: boolean,
  convLayers: readonly ConvLayer[] = [],
): KvCache {
  const element = kvElement(shaderF16);
  const slots = layers.map((kv) => kvSlots(kv, contextLength, maxStepTokens));
  const sizes = kvBufferBytes(layers, contextLength, maxStepTokens, element);
  const copies = GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const make = (label: string) =>
    sizes.map((size, l) =>
      // Copies fork a sequence into another (prefix reuse).
      device.createBuffer({ label: `${label}.${l}`, size, usage: GPUBufferUsage.STORAGE | copies }),
    );
  const stateSizes = convLayers.map((conv) => convStateLength(conv) * 4);
  // Cleared when a prompt starts at position 0.
  const convStates = stateSizes.map((size, l) =>
    device.createBuffer({ label: `conv.state.${l}`, size, usage: GPUBufferUsage.STORAGE | copies }),
  );
  return {
    contextLength,
    element,
    slots,
    keys: make('kv.k'),
    values: make('kv.v'),
    bytes: 2 * sizes.reduce((a, b) => a + b, 0),
    convStates,
    stateBytes: stateSizes.reduce((a, b) => a + b, 0),
  };
}

export function destroyKvCache(cache: KvCache): void {
  for (const buffer of sequenceBuffers(cache)) buffer.destroy();
}
