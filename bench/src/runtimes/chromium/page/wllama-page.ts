// wllama (llama.cpp compiled to wasm, on the CPU) measured with the same protocol: load from
// the bench server, warm up, prefill each prompt length, one greedy decode run; times are taken in the page.
import { type RawCompletionChunk, type RawCompletionParams, Wllama } from '@wllama/wllama/esm/index.js';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { KEPT_TOKENS, type ProgressCallback, type RunFigures } from '../../../measure/run-result.ts';
import { contextFor, type Workload } from '../../../workload.ts';

/**
 * llama-server request fields wllama forwards as JSON but does not type: no prompt cache (each measurement
 * must prefill from scratch), generated ids in the chunks. Its glue only takes text prompts.
 */
interface ServerCompletionRequest {
  prompt: string;
  max_tokens: number;
  temperature: number;
  ignore_eos: boolean;
  cache_prompt: boolean;
  return_tokens: boolean;
  stream: true;
  onData: (chunk: RawCompletionChunk & { tokens?: number[] }) => void;
}

async function complete(wllama: Wllama, prompt: string, count: number) {
  const start = performance.now();
  let firstAt = 0;
  let lastAt = start;
  let generated = 0;
  /** Ids, where the build returns them (return_tokens); text-only builds leave this empty. */
  const tokens: number[] = [];
  /** Prompt tokens as llama.cpp counted them (the text re-tokenizes to about the ids' length). */
  let promptTokens = 0;
  const request: ServerCompletionRequest = {
    prompt,
    max_tokens: count,
    temperature: 0,
    ignore_eos: true,
    cache_prompt: false,
    return_tokens: true,
    stream: true,
    onData: (chunk) => {
      if (chunk.timings) promptTokens = chunk.timings.prompt_n;
      // One chunk per generated token; the closing chunk (finish_reason set) carries none.
      if (chunk.choices[0]?.finish_reason !== null) return;
      if (generated === 0) firstAt = performance.now();
      generated++;
      tokens.push(...(chunk.tokens ?? []));
      lastAt = performance.now();
    },
  };
  await wllama.createCompletion(
    request as unknown as RawCompletionParams & { stream: true; onData: () => void },
  );
  return { firstMs: firstAt - start, restMs: lastAt - firstAt, generated, tokens, promptTokens };
}

export async function runWllamaPage(
  modelUrl: string,
  workload: Workload,
  onProgress: ProgressCallback,
): Promise<RunFigures> {
  const wllama = new Wllama({ default: wasmUrl }, { suppressNativeLog: true });
  const contextSize = contextFor(workload);
  const loadStart = performance.now();
  await wllama.loadModelFromUrl(new URL(modelUrl, location.href).href, {
    useCache: false,
    n_ctx: contextSize,
    n_batch: contextSize,
    n_gpu_layers: 0,
    n_parallel: 1,
  });
  const loadMs = performance.now() - loadStart;
  try {
    await complete(wllama, workload.warmup.text, 2);
    // Same order as our engine's protocol: the decode run, then prefills from shortest to longest.
    const run = await complete(wllama, workload.decodePrompt.text, workload.decodeTokens);
    const steps = Math.max(1, run.generated - 1);
    const figures: RunFigures = {
      loadMs,
      ttftMs: run.firstMs,
      prefill: [],
      decodeTokens: run.generated,
      decodeTokensPerSecond: (steps * 1000) / run.restMs,
      firstTokens: run.tokens.slice(0, KEPT_TOKENS),
      backend: `wllama wasm CPU, ${wllama.getNumThreads()} threads${wllama.isMultithread() ? ' (multi-thread build)' : ''}`,
    };
    onProgress(figures);
    for (const { text } of workload.prefill) {
      const { firstMs, promptTokens } = await complete(wllama, text, 1);
      figures.prefill.push({
        tokens: promptTokens,
        ms: firstMs,
        tokensPerSecond: (promptTokens * 1000) / firstMs,
      });
      onProgress(figures);
    }
    return figures;
  } finally {
    await wllama.exit();
  }
}
