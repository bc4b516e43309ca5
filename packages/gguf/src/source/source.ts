/** Called as bytes arrive: loadedBytes of totalBytes for the current operation. */
export type ProgressCallback = (loadedBytes: number, totalBytes: number) => void;

/** Random access to the bytes of a GGUF file, wherever they live. */
export interface GgufSource {
  /** File size in bytes. */
  readonly size: number;
  /** Reads bytes [offset, offset + length); the result may be a view, do not write to it. */
  read(offset: number, length: number, onProgress?: ProgressCallback): Promise<Uint8Array>;
}
