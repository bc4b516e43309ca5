// The KV cache on the GPU: per attention layer one K and one V buffer of that layer's geometry, sized from
// the requested context length.
import type { KvType } from '@wgllm/kernels';
import type { KvLayer } from '../graph/graph.ts';

export interface KvCache {
  /** Positions held (tokens). */
  contextLength: number;
  element: KvType;
  keys: GPUBuffer[]; // per attention layer: (n_kv_heads, context, head_dim)
  values: GPUBuffer[]; // per attention layer: (n_kv_heads, context, head_dim)
  /** Bytes of all layers' K and V. */
  bytes: number;
}

/** f16 where the device has shader-f16 (half the memory and bandwidth), f32 otherwise. */
export function createKvCache(
  device: GPUDevice,
  layers: readonly KvLayer[],
  contextLength: number,
  shaderF16: boolean,
): KvCache {
  const element: KvType = shaderF16 ? 'f16' : 'f32';
  const sizes = layers.map(
    (kv) => Math.ceil((kv.nHeadKv * contextLength * kv.headDim * (element === 'f16' ? 2 : 4)) / 4) * 4,
  );
  const largest = Math.max(0, ...sizes);
  if (largest > device.limits.maxStorageBufferBindingSize) {
    throw new RangeError(
      `a KV cache layer of ${largest} bytes exceeds maxStorageBufferBindingSize (${device.limits.maxStorageBufferBindingSize}); ask for a shorter context`,
    );
  }
  const make = (label: string) =>
    sizes.map((size, l) =>
      device.createBuffer({ label: `${label}.${l}`, size, usage: GPUBufferUsage.STORAGE }),
    );
  return {
    contextLength,
    element,
    keys: make('kv.k'),
    values: make('kv.v'),
    bytes: 2 * sizes.reduce((a, b) => a + b, 0),
  };
}

export function destroyKvCache(cache: KvCache): void {
  for (const buffer of [...cache.keys, ...cache.values]) buffer.destroy();
}
