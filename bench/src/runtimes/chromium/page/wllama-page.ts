// wllama (llama.cpp compiled to wasm, optionally its WebGPU backend) measured with the same protocol: load from
// the bench server, warm up, prefill each prompt length, one greedy decode run; times are taken in the page.
import { type RawCompletionChunk, type RawCompletionParams, Wllama } from '@wllama/wllama/esm/index.js';
import wasmUrl from '@wllama/wllama/esm/wasm/wllama.wasm?url';
import { KEPT_TOKENS, type PrefillFigure, type RunFigures } from '../../../measure/run-result.ts';
import { contextFor, type Workload } from '../../../workload.ts';

/**
 * llama-server request fields wllama forwards as JSON but does not type: token-id prompts, no prompt cache
 * (each measurement must prefill from scratch), generated ids in the chunks.
 */
interface ServerCompletionRequest {
  prompt: number[];
  max_tokens: number;
  temperature: number;
  ignore_eos: boolean;
  cache_prompt: boolean;
  return_tokens: boolean;
  stream: true;
  onData: (chunk: RawCompletionChunk & { tokens?: number[] }) => void;
}

async function complete(wllama: Wllama, prompt: number[], count: number) {
  const start = performance.now();
  let firstAt = 0;
  let lastAt = start;
  const tokens: number[] = [];
  const request: ServerCompletionRequest = {
    prompt,
    max_tokens: count,
    temperature: 0,
    ignore_eos: true,
    cache_prompt: false,
    return_tokens: true,
    stream: true,
    onData: (chunk) => {
      const ids = chunk.tokens ?? [];
      if (ids.length === 0) return;
      if (tokens.length === 0) firstAt = performance.now();
      tokens.push(...ids);
      lastAt = performance.now();
    },
  };
  await wllama.createCompletion(request as unknown as RawCompletionParams & { stream: true; onData: () => void });
  return { firstMs: firstAt - start, restMs: lastAt - firstAt, tokens };
}

export async function runWllamaPage(modelUrl: string, workload: Workload, gpuLayers: number): Promise<RunFigures> {
  const wllama = new Wllama({ default: wasmUrl }, { suppressNativeLog: true });
  const contextSize = contextFor(workload);
  const loadStart = performance.now();
  await wllama.loadModelFromUrl(new URL(modelUrl, location.href).href, {
    useCache: false,
    n_ctx: contextSize,
    n_batch: contextSize,
    n_gpu_layers: gpuLayers,
    n_parallel: 1,
  });
  const loadMs = performance.now() - loadStart;
  try {
    const ids = workload.promptIds;
    await complete(wllama, ids.slice(0, 8), 2);
    const prefill: PrefillFigure[] = [];
    for (const tokens of workload.prefillLengths) {
      const { firstMs } = await complete(wllama, ids.slice(0, tokens), 1);
      prefill.push({ tokens, ms: firstMs, tokensPerSecond: (tokens * 1000) / firstMs });
    }
    const run = await complete(wllama, ids.slice(0, workload.decodePromptLength), workload.decodeTokens);
    const steps = Math.max(1, run.tokens.length - 1);
    return {
      loadMs,
      ttftMs: run.firstMs,
      prefill,
      decodeTokens: run.tokens.length,
      decodeTokensPerSecond: (steps * 1000) / run.restMs,
      firstTokens: run.tokens.slice(0, KEPT_TOKENS),
      backend: `wllama ${gpuLayers > 0 ? 'WebGPU' : 'wasm CPU'}, ${wllama.getNumThreads()} threads${wllama.isMultithread() ? ' (multi-thread build)' : ''}`,
    };
  } finally {
    await wllama.exit();
  }
}
