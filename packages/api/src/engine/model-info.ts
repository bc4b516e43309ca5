/** A loaded model, as `engine.load()` and `engine.models()` describe it. */
export interface ModelInfo {
  /** The name requests use in `model`. */
  id: string;
  /** GGUF file size, bytes. */
  sizeBytes: number;
  /** general.architecture, e.g. "llama". */
  architecture: string;
  /** KV cache length, tokens. */
  contextLength: number;
  /**
   * KV sequences kept for prefix reuse at most: conversations whose earlier turns stay cached, each made on
   * first use (bounded by the memory budget when the engine has one).
   */
  sequences: number;
  vocabSize: number;
  /** Where it runs: the GPU, or the CPU reference (tests, tiny models). */
  backend: 'webgpu' | 'cpu';
  /** The download URL (also its cache key); absent for Files and Blobs. */
  url?: string;
  /** Where the bytes came from for this load. */
  origin: 'cache' | 'network' | 'blob';
  /** The bytes are in the model cache, so a reload (after a device loss, or next visit) needs no network. */
  cached: boolean;
}
