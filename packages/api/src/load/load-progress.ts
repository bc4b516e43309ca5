/** The stages of a load, in order: bytes to this machine, the GGUF header read, the weights sent to the GPU. */
export type LoadPhase = 'download' | 'parse' | 'upload';

export interface LoadProgress {
  phase: LoadPhase;
  /** Bytes done in this phase. */
  loadedBytes: number;
  /** Bytes this phase will handle; the phase ends with loadedBytes === totalBytes. */
  totalBytes: number;
  /** The bytes come from the model cache: no network. */
  fromCache: boolean;
}

export type LoadProgressCallback = (progress: LoadProgress) => void;

/**
 * Passes on a phase's progress at most once per `step` fraction of its total (and always its first and last
 * event), so a 4 GB download sends a few hundred events, not one per network packet.
 */
export function throttledProgress(
  onProgress: LoadProgressCallback | undefined,
  phase: LoadPhase,
  fromCache: boolean,
  step = 0.01,
): (loadedBytes: number, totalBytes: number) => void {
  let last = -1;
  return (loadedBytes, totalBytes) => {
    if (!onProgress) return;
    const due = last < 0 || loadedBytes === totalBytes || loadedBytes - last >= totalBytes * step;
    if (!due || loadedBytes === last) return;
    last = loadedBytes;
    onProgress({ phase, loadedBytes, totalBytes, fromCache });
  };
}
