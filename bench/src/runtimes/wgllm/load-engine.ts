// The one place the bench touches our engine's loading API (packages/runtime's public index).
import { type GgufSource, readGgufHeader } from '@wgllm/gguf';
import { GpuRunner, type KernelDevice } from '@wgllm/runtime';

export interface LoadedEngine {
  runner: GpuRunner;
  destroy(): void;
}

/** Uploads the model to `gpu` with a KV cache of `contextLength` tokens. */
export async function loadEngine(
  gpu: KernelDevice,
  source: GgufSource,
  contextLength: number,
): Promise<LoadedEngine> {
  const header = await readGgufHeader(source);
  const runner = await GpuRunner.load(gpu, source, header, { contextLength });
  return { runner, destroy: () => runner.destroy() };
}
