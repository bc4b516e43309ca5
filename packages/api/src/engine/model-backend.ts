import type { GgufHeader, GgufSource } from '@wgllm/gguf';
import type { FitOptions, LoadedModel, MemoryFit } from '@wgllm/runtime';

export interface BackendLoadOptions {
  /** The source's header, parsed once by the engine for the whole load. */
  header: GgufHeader;
  /** KV cache length, tokens. */
  contextLength?: number;
  /** KV sequences kept for prefix reuse (conversations whose earlier turns stay cached). */
  sequences?: number;
  /** Bytes loaded so far, of the total, in the backend's own count (weights on the GPU, the file on the CPU). */
  onProgress?: (loadedBytes: number, totalBytes: number) => void;
}

/** Where models run: the GPU (WebGPU) or the CPU reference. The engine core talks to either the same way. */
export interface ModelBackend {
  readonly kind: 'webgpu' | 'cpu';
  load(source: GgufSource, options: BackendLoadOptions): Promise<LoadedModel>;
  /**
   * The model's GPU memory against the device (created if needed, then kept for the load); absent where
   * models use no GPU memory (the CPU reference).
   */
  memoryFit?(header: GgufHeader, options: FitOptions): Promise<MemoryFit & { adapter: string }>;
  /** Fires when the device live now is lost; undefined where there is no device. */
  lostSignal(): AbortSignal | undefined;
  dispose(): void;
}
