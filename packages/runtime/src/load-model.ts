// Opens a GGUF model for generation: config, tokenizer and a backend runner (GPU, or the CPU reference).
import { type GgufHeader, type GgufSource, type ProgressCallback, readGgufHeader } from '@wgllm/gguf';
import type { KernelDevice } from '@wgllm/kernels';
import { Tokenizer } from '@wgllm/tokenizer';
import { CpuRunner } from './cpu/cpu-runner.ts';
import { loadCpuModel } from './cpu/load-cpu-model.ts';
import { GpuRunner } from './gpu/gpu-runner.ts';
import type { ModelConfig } from './model/config.ts';
import type { ModelRunner } from './model-runner.ts';

export interface LoadedModel {
  config: ModelConfig;
  tokenizer: Tokenizer;
  runner: ModelRunner;
  /** End-of-generation ids from the vocabulary (EOS, EOT, ...). */
  endOfGenerationIds: ReadonlySet<number>;
  destroy(): void;
}

export interface LoadOptions {
  /** The source's header when the caller has already read it (it is read once per load). */
  header?: GgufHeader;
  /** KV cache length (tokens); defaults to the trained context length, capped at 4096. */
  contextLength?: number;
  /** Largest prefill chunk (tokens, a power of two; GPU only). */
  maxPrefillChunk?: number;
  /** KV sequences kept for prefix reuse (default: up to 4, within 1 GiB of KV cache). */
  sequences?: number;
  /** Bytes of tensor data read so far (GPU only: the CPU reference reads the file at once). */
  onProgress?: ProgressCallback;
}

/** The WebGPU backend: weights streamed from `source` to the device, KV cache sized from the context. */
export async function loadGpuModel(
  gpu: KernelDevice,
  source: GgufSource,
  options: LoadOptions = {},
): Promise<LoadedModel> {
  const header = options.header ?? (await readGgufHeader(source));
  const tokenizer = Tokenizer.fromGguf(header.metadata);
  const runner = await GpuRunner.load(gpu, source, header, options);
  return {
    config: runner.config,
    tokenizer,
    runner,
    endOfGenerationIds: tokenizer.vocab.eog,
    destroy: () => runner.destroy(),
  };
}

/** The CPU reference backend: the whole file is read and dequantized to f32 (tiny models, tests, checks). */
export async function loadCpuReferenceModel(
  source: GgufSource,
  options: LoadOptions = {},
): Promise<LoadedModel> {
  const header = options.header ?? (await readGgufHeader(source));
  const tokenizer = Tokenizer.fromGguf(header.metadata);
  const file = await source.read(0, source.size);
  const { config, forward } = loadCpuModel(file, {
    header,
    ...(options.contextLength !== undefined && { contextLength: options.contextLength }),
  });
  return {
    config,
    tokenizer,
    runner: new CpuRunner(forward, options.sequences === undefined ? {} : { sequences: options.sequences }),
    endOfGenerationIds: tokenizer.vocab.eog,
    destroy() {},
  };
}
