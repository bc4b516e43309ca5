// One real-shape model end to end on this machine's adapter: synthesize it (random weights, the real shape;
// too big to carry to the device, so written there), then the bench's measuring protocol (load, warm-up,
// decode, prefill). Appends one JSON line per phase to --out, so a run stopped by its time limit keeps the
// figures of the phases it finished; report.ts reads the last line per model.
import { appendFileSync, openAsBlob } from 'node:fs';
import { parseArgs } from 'node:util';
import { blobSource, readGgufHeader } from '@wgllm/gguf';
import { BOS_ID, FIRST_TEXT_ID } from '@wgllm/gguf/testing';
import type { RunFigures } from '../src/measure/run-result.ts';
import { XorShift } from '../src/models/block-pool.ts';
import { type QuantRecipe, quantRecipes } from '../src/models/quant-recipe.ts';
import { SYNTHETIC_CONTEXT, syntheticModel } from '../src/models/synthetic-gguf.ts';
import { runWgllmNode } from '../src/runtimes/wgllm/wgllm-node.ts';
import { type Prompt, workloadFor } from '../src/workload.ts';
import { positiveInt, selectShapes } from './model-set.ts';

/** One line of e2e.jsonl. */
export interface E2eLine {
  model: string;
  shape: string;
  recipe: QuantRecipe;
  layers: number;
  /** Bytes of all tensors: what one decode step reads (the tied embedding is the output head). */
  weightBytes: number;
  synthMs: number;
  /** 'done' on the last line of a finished run; 'progress' lines come after each phase. */
  phase: 'progress' | 'done';
  figures: RunFigures;
}

/** `tokens` prompt ids, BOS first, drawn from the synthetic vocabulary's text tokens (seeded: same every run). */
function randomPrompt(tokens: number, vocab: number): Prompt {
  const random = new XorShift(0x9e3779b9 ^ tokens);
  const ids = [BOS_ID];
  while (ids.length < tokens) ids.push(FIRST_TEXT_ID + Math.floor(random.next() * (vocab - FIRST_TEXT_ID)));
  return { text: '', ids };
}

function isRecipe(value: string): value is QuantRecipe {
  return (quantRecipes as readonly string[]).includes(value);
}

export async function runE2e(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      recipe: { type: 'string', default: 'Q4_K_M' },
      layers: { type: 'string' },
      'models-dir': { type: 'string', default: '/tmp/wgllm-device-models' },
      'prompt-tokens': { type: 'string', default: '128' },
      'decode-tokens': { type: 'string', default: '128' },
      prefill: { type: 'string', default: '512' },
      out: { type: 'string' },
    },
  });
  if (!values.model || !values.out) throw new Error('e2e needs --model SHAPE_ID and --out FILE');
  const recipe = values.recipe;
  if (!isRecipe(recipe)) throw new Error(`--recipe: one of ${quantRecipes.join(', ')}, got '${recipe}'`);
  const layers = values.layers === undefined ? undefined : positiveInt('--layers', values.layers);
  const shape = selectShapes([values.model], layers).find((s) => s.id === values.model);
  if (!shape) throw new Error(`--model: no shape with id '${values.model}'`);

  const synthStart = performance.now();
  const path = await syntheticModel(values['models-dir'], shape, recipe, shape.layers);
  const synthMs = performance.now() - synthStart;
  const header = await readGgufHeader(blobSource(await openAsBlob(path)));
  const weightBytes = header.tensors.reduce((sum, t) => sum + t.byteLength, 0);

  const workload = workloadFor(
    {
      prefillLengths: values.prefill.split(',').map((n) => positiveInt('--prefill', n)),
      decodePromptLength: positiveInt('--prompt-tokens', values['prompt-tokens']),
      decodeTokens: positiveInt('--decode-tokens', values['decode-tokens']),
    },
    SYNTHETIC_CONTEXT,
    (tokens) => randomPrompt(tokens, shape.vocab),
  );
  const model = `${shape.id}-${recipe}-${shape.layers}L`;
  const write = (phase: E2eLine['phase'], figures: RunFigures) => {
    const line: E2eLine = {
      model,
      shape: shape.id,
      recipe,
      layers: shape.layers,
      weightBytes,
      synthMs,
      phase,
      figures,
    };
    appendFileSync(values.out!, `${JSON.stringify(line)}\n`);
  };
  console.log(
    `${model}: ${(weightBytes / 1e6).toFixed(0)} MB of weights, synthesized in ${(synthMs / 1000).toFixed(1)} s`,
  );
  const figures = await runWgllmNode(path, workload, (partial) => write('progress', partial));
  write('done', figures);
  const prefill = figures.prefill.map((p) => `prefill ${p.tokens}: ${p.tokensPerSecond.toFixed(1)} tok/s`);
  console.log(
    `${model}: decode ${figures.decodeTokensPerSecond.toFixed(1)} tok/s, ttft ${figures.ttftMs.toFixed(0)} ms, ${prefill.join(', ')} (${figures.backend})`,
  );
}
