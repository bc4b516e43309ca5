// The measuring protocol for our engine, the same in Node and in the page: load, warm up, prefill each prompt
// length, then a greedy decode run with the GPU counters read around the decode steps only.
import type { StepOutput } from '@wgllm/runtime';
import type { Workload } from '../workload.ts';
import { type GpuMeter, perStep } from './gpu-meter.ts';
import { KEPT_TOKENS, type ProgressCallback, type RunFigures } from './run-result.ts';

/** The slice of the engine's ModelRunner the bench drives: greedy steps that read back one id. */
export interface GreedyRunner {
  readonly contextLength: number;
  run(tokens: readonly number[], pos: number, readback: 'argmax'): Promise<StepOutput>;
}

/** Decode steps between progress reports (a slow run cut by its time limit keeps a decode figure). */
export const PROGRESS_EVERY = 8;
/** Prompt tokens per run() call during prefill (the engine's generate loop uses the same default). */
const PREFILL_CHUNK = 64;

async function step(runner: GreedyRunner, tokens: readonly number[], pos: number): Promise<number> {
  const out = await runner.run(tokens, pos, 'argmax');
  if (out.kind !== 'argmax') throw new Error('the engine returned logits for an argmax step');
  return out.token;
}

async function prefill(runner: GreedyRunner, ids: readonly number[]): Promise<number> {
  let token = -1;
  for (let start = 0; start < ids.length; start += PREFILL_CHUNK) {
    token = await step(runner, ids.slice(start, start + PREFILL_CHUNK), start);
  }
  return token;
}

export async function measureRunner(
  load: () => Promise<GreedyRunner>,
  meter: GpuMeter,
  workload: Workload,
  backend: string,
  onProgress: ProgressCallback,
): Promise<RunFigures> {
  const loadStart = performance.now();
  const runner = await load();
  const loadMs = performance.now() - loadStart;

  // Warm-up: compiles the prefill and decode pipelines before anything is timed.
  const warm = await prefill(runner, workload.warmup.ids);
  await step(runner, [warm], workload.warmup.ids.length);

  // The decode run first, then prefills from shortest to longest: a run cut short by its time limit still has
  // the figures that matter most.
  const prompt = workload.decodePrompt.ids;
  const ttftStart = performance.now();
  let token = await prefill(runner, prompt);
  const ttftMs = performance.now() - ttftStart;
  const generated = [token];
  const before = { ...meter.counts };
  const decodeStart = performance.now();
  const figuresNow = (): RunFigures => {
    const steps = Math.max(1, generated.length - 1);
    return {
      loadMs,
      ttftMs,
      prefill: [],
      decodeTokens: generated.length,
      decodeTokensPerSecond: (steps * 1000) / (performance.now() - decodeStart),
      firstTokens: generated.slice(0, KEPT_TOKENS),
      peakGpuBytes: meter.peakBytes(),
      perToken: perStep(meter.counts, before, steps),
      backend,
    };
  };
  for (let pos = prompt.length; generated.length < workload.decodeTokens; pos++) {
    token = await step(runner, [token], pos);
    generated.push(token);
    if (generated.length % PROGRESS_EVERY === 0) onProgress(figuresNow());
  }
  const figures = figuresNow();
  onProgress(figures);
  for (const { ids } of workload.prefill) {
    const start = performance.now();
    await prefill(runner, ids);
    const ms = performance.now() - start;
    figures.prefill.push({ tokens: ids.length, ms, tokensPerSecond: (ids.length * 1000) / ms });
    figures.peakGpuBytes = meter.peakBytes();
    onProgress(figures);
  }
  return figures;
}
