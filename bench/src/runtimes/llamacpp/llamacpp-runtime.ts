// llama.cpp natively (node-llama-cpp's prebuilt binary), measured with the same protocol as our engine.
import { getLlama, type Llama, type LlamaContextSequence, LlamaLogLevel, type Token } from 'node-llama-cpp';
import { PROGRESS_EVERY } from '../../measure/measure-runner.ts';
import { KEPT_TOKENS, type ProgressCallback, type RunFigures } from '../../measure/run-result.ts';
import { contextFor, type Workload } from '../../workload.ts';

/** 'cpu' here; 'cuda' or 'vulkan' where those prebuilt packages are installed (the workspace leaves them out). */
export type LlamaBackend = 'cpu' | 'cuda' | 'vulkan';

let llamas = new Map<LlamaBackend, Promise<Llama>>();

function llamaFor(backend: LlamaBackend): Promise<Llama> {
  let llama = llamas.get(backend);
  if (!llama) {
    // build: 'never' and no download: only the prebuilt binaries already installed may be used.
    llama = getLlama({
      gpu: backend === 'cpu' ? false : backend,
      build: 'never',
      skipDownload: true,
      progressLogs: false,
      logLevel: LlamaLogLevel.error,
    });
    llamas.set(backend, llama);
  }
  return llama;
}

/**
 * Greedy: time to the first yielded token, then each further one; stops after `count` tokens. End-of-generation
 * tokens are yielded and fed back like any other, as our engine's loop does, so every run decodes `count` tokens.
 */
async function generate(
  sequence: LlamaContextSequence,
  prompt: readonly number[],
  count: number,
  onToken?: (run: { firstMs: number; restMs: number; tokens: number[] }) => void,
): Promise<{ firstMs: number; restMs: number; tokens: number[] }> {
  await sequence.clearHistory();
  const start = performance.now();
  let firstAt = start;
  const tokens: number[] = [];
  for await (const token of sequence.evaluate(prompt as Token[], { temperature: 0, yieldEogToken: true })) {
    if (tokens.length === 0) firstAt = performance.now();
    tokens.push(token);
    onToken?.({ firstMs: firstAt - start, restMs: performance.now() - firstAt, tokens });
    if (tokens.length >= count) break;
  }
  return { firstMs: firstAt - start, restMs: performance.now() - firstAt, tokens };
}

export interface LlamaCppOptions {
  backend: LlamaBackend;
  /**
   * CPU threads. 'math-cores': llama.cpp's own default (cpu_get_num_math); node-llama-cpp's default is higher
   * and oversubscribes small machines (its spinning threads then take seconds per token).
   */
  threads?: number | 'math-cores';
  /** Layers offloaded to the GPU backend (ignored on the CPU). */
  gpuLayers?: number;
}

export async function runLlamaCpp(
  modelPath: string,
  workload: Workload,
  options: LlamaCppOptions,
  onProgress: ProgressCallback,
): Promise<RunFigures> {
  const llama = await llamaFor(options.backend);
  const contextSize = contextFor(workload);
  const loadStart = performance.now();
  const model = await llama.loadModel({
    modelPath,
    gpuLayers: options.backend === 'cpu' ? 0 : (options.gpuLayers ?? 'max'),
  });
  const context = await model.createContext({
    contextSize,
    batchSize: contextSize,
    ...(options.threads === undefined
      ? {}
      : { threads: options.threads === 'math-cores' ? llama.cpuMathCores : options.threads }),
  });
  const sequence = context.getSequence();
  const loadMs = performance.now() - loadStart;
  try {
    await generate(sequence, workload.warmup.ids, 2);
    // Same order as our engine's protocol: the decode run, then prefills from shortest to longest.
    const figuresOf = (run: { firstMs: number; restMs: number; tokens: number[] }): RunFigures => ({
      loadMs,
      ttftMs: run.firstMs,
      prefill: [],
      decodeTokens: run.tokens.length,
      decodeTokensPerSecond: (Math.max(1, run.tokens.length - 1) * 1000) / run.restMs,
      firstTokens: run.tokens.slice(0, KEPT_TOKENS),
      backend: `llama.cpp ${options.backend}, ${context.currentThreads} threads`,
    });
    const run = await generate(sequence, workload.decodePrompt.ids, workload.decodeTokens, (partial) => {
      if (partial.tokens.length % PROGRESS_EVERY === 0) onProgress(figuresOf(partial));
    });
    const figures = figuresOf(run);
    onProgress(figures);
    for (const { ids } of workload.prefill) {
      const { firstMs } = await generate(sequence, ids, 1);
      figures.prefill.push({
        tokens: ids.length,
        ms: firstMs,
        tokensPerSecond: (ids.length * 1000) / firstMs,
      });
      onProgress(figures);
    }
    return figures;
  } finally {
    await context.dispose();
    await model.dispose();
  }
}

/** Releases the loaded backends (their native threads keep the process alive). */
export async function disposeLlamas(): Promise<void> {
  const all = [...llamas.values()];
  llamas = new Map();
  for (const llama of all) await (await llama).dispose();
}

/** The CPU backend, shared (e.g. for tokenizing prompts). */
export function cpuLlama(): Promise<Llama> {
  return llamaFor('cpu');
}
