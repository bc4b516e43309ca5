// The KV cache on the GPU: per layer one K and one V buffer, sized from the requested context length.
import type { KvType } from '@wgllm/kernels';
import type { ModelConfig } from '../model/config.ts';

export interface KvCache {
  /** Positions held (tokens). */
  contextLength: number;
  element: KvType;
  keys: GPUBuffer[]; // per layer: (n_kv_heads, context, head_dim)
  values: GPUBuffer[]; // per layer: (n_kv_heads, context, head_dim)
  /** Bytes of all layers' K and V. */
  bytes: number;
}

/** f16 where the device has shader-f16 (half the memory and bandwidth), f32 otherwise. */
export function createKvCache(
  device: GPUDevice,
  config: ModelConfig,
  contextLength: number,
  shaderF16: boolean,
): KvCache {
  const element: KvType = shaderF16 ? 'f16' : 'f32';
  const layerBytes = config.nHeadKv * contextLength * config.headDim * (element === 'f16' ? 2 : 4);
  const size = Math.ceil(layerBytes / 4) * 4;
  if (size > device.limits.maxStorageBufferBindingSize) {
    throw new RangeError(
      `a KV cache layer of ${size} bytes exceeds maxStorageBufferBindingSize (${device.limits.maxStorageBufferBindingSize}); ask for a shorter context`,
    );
  }
  const make = (label: string) =>
    Array.from({ length: config.nLayer }, (_, l) =>
      device.createBuffer({ label: `${label}.${l}`, size, usage: GPUBufferUsage.STORAGE }),
    );
  return {
    contextLength,
    element,
    keys: make('kv.k'),
    values: make('kv.v'),
    bytes: 2 * config.nLayer * size,
  };
}

export function destroyKvCache(cache: KvCache): void {
  for (const buffer of [...cache.keys, ...cache.values]) buffer.destroy();
}
