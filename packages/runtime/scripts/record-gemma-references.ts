// Records llama.cpp's outputs on the synthetic models (src/testing/synthetic-model-set.ts) into
// fixtures/synthetic-references.json: greedy continuations of token-id prompts with llama.cpp's top-2 margins,
// and teacher-forced whole-vocabulary log-probabilities. Rerun after changing the generator or the model set:
//   npx tsx packages/runtime/scripts/record-synthetic-references.ts [--set gemma]
// (tsx lives in packages/cli/node_modules/.bin; about a minute on 2 cores). `--set gemma` records the gemma2 /
// gemma3 set (src/testing/synthetic-gemma-set.ts) into fixtures/synthetic-gemma-references.json: greedy 32 and
// 96 tokens, teacher-forced over 264 positions (past the models' sliding window).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOS_ID, EOS_ID } from '../../gguf/src/testing/index.ts';
import { llamaGreedy, llamaTeacherForced } from '../../oracle/src/index.ts';
import { NEAR_TIE } from '../src/metrics/logit-metrics.ts';
import { SeededRandom } from '../src/sampling/rng.ts';
import type { TeacherForcedPosition } from '../src/testing/llamacpp-reference.ts';
import { SYNTHETIC_GEMMA_MODELS, syntheticGemma } from '../src/testing/synthetic-gemma-set.ts';
import { syntheticModel } from '../src/testing/synthetic-model.ts';
import { SYNTHETIC_MODELS } from '../src/testing/synthetic-model-set.ts';
import type {
  SyntheticGreedyCase,
  SyntheticModelReference,
  SyntheticReference,
} from '../src/testing/synthetic-reference.ts';

const CONTEXT_SIZE = 512;
const THREADS = 1;
/** BOS and a few ids: ordinary pieces, and a byte token in the second; tokens generated after each. */
const GREEDY: { prompt: number[]; n: number }[] = [
  { prompt: [BOS_ID, 300, 301, 302], n: 24 },
  { prompt: [BOS_ID, 450, 17, 388, 261], n: 24 },
];
let TEACHER_FORCED_TOKENS = [BOS_ID, 300, 301, 302, 10, 450, 511, 259, 388, 261, 42, 470, 333, 300, 301, 500];

/** 6 significant digits: ln p of the likely tokens (near 0) stays exact to ~1e-7, which KL bounds of 1e-6 need. */
let round = (x: number) => Number(x.toPrecision(6));

interface Recorded {
  name: string;
  bytes: Uint8Array;
  vocab: number;
}
let models: Recorded[] = SYNTHETIC_MODELS.map(({ name, spec }) => ({
  name,
  bytes: syntheticModel(spec),
  vocab: spec.vocab,
}));
let output = '../fixtures/synthetic-references.json';
if (process.argv.includes('--set') && process.argv[process.argv.indexOf('--set') + 1] === 'gemma') {
  models = SYNTHETIC_GEMMA_MODELS.map(({ name, spec }) => ({
    name,
    bytes: syntheticGemma(spec),
    vocab: spec.vocab,
  }));
  GREEDY.splice(
    0,
    GREEDY.length,
    { prompt: [BOS_ID, 270, 271, 272], n: 32 },
    { prompt: [BOS_ID, 280, 17, 265, 261], n: 96 },
  );
  // 264 positions of ids drawn from the whole vocabulary (BOS first), past a 32-token window many times over.
  const random = new SeededRandom(264);
  TEACHER_FORCED_TOKENS = [BOS_ID, ...Array.from({ length: 263 }, () => 3 + Math.floor(random.next() * 285))];
  // Smaller file: 5 significant digits (4 below ln p = -8, where a token weighs < 3e-4 in the KL).
  round = (x: number) => Number(x.toPrecision(x > -8 ? 5 : 4));
  output = '../fixtures/synthetic-gemma-references.json';
}

function positions(logProbs: Float64Array[]): TeacherForcedPosition[] {
  return logProbs.map((lp, pos) => {
    const byProbability = Array.from(lp.keys()).sort((a, b) => lp[b]! - lp[a]!);
    return {
      input_token: TEACHER_FORCED_TOKENS[pos]!,
      argmax: byProbability[0]!,
      top10: byProbability.slice(0, 10).map((t): [number, number] => [t, round(Math.exp(lp[t]!))]),
      logprobs: Array.from(lp, round),
    };
  });
}

async function record(path: string, bytes: Uint8Array, vocab: number): Promise<SyntheticModelReference> {
  const options = { contextSize: CONTEXT_SIZE, threads: THREADS };
  const greedy: SyntheticGreedyCase[] = [];
  for (const { prompt, n } of GREEDY) {
    const { tokens, topTwoMargins } = await llamaGreedy(path, prompt, n, options);
    greedy.push({
      prompt: `ids ${prompt.join(' ')}`,
      n_predict: n,
      prompt_token_ids: prompt,
      generated_token_ids: tokens,
      top2_margins: topTwoMargins.map(round),
    });
  }
  const logProbs = await llamaTeacherForced(path, TEACHER_FORCED_TOKENS, options);
  if (logProbs.some((lp) => lp.length !== vocab))
    throw new Error('llama.cpp returned a partial distribution');
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    vocab_size: vocab,
    bos: BOS_ID,
    eos: EOS_ID,
    greedy,
    teacherForced: { text: '', token_ids: TEACHER_FORCED_TOKENS, positions: positions(logProbs) },
  };
}

const scratch = mkdtempSync(join(tmpdir(), 'wgllm-synthetic-'));
const reference: SyntheticReference & Record<string, unknown> = {
  generator:
    'packages/runtime/scripts/record-synthetic-references.ts: node-llama-cpp 3.21.1 (prebuilt CPU binary)',
  llamaCppRelease: { repo: 'ggml-org/llama.cpp', release: 'v0.4.0' },
  backend: 'CPU',
  threads: THREADS,
  contextSize: CONTEXT_SIZE,
  conventions:
    'prompts are token ids (prompt is a label); greedy = argmax; top2_margins[i] = ln(p1/p2) before generated ' +
    'token i; teacherForced.positions[i] is the next-token distribution after token_ids[0..i] (one batch); ' +
    'logprobs = ln softmax over the whole vocabulary; numbers to 6 significant digits',
  models: {},
};
try {
  for (const { name, bytes, vocab } of models) {
    const path = join(scratch, `${name}.gguf`);
    writeFileSync(path, bytes);
    const model = await record(path, bytes, vocab);
    reference.models[name] = model;
    const margins = model.greedy.map((g) => g.top2_margins.findIndex((m) => m < NEAR_TIE));
    console.log(
      name,
      'greedy',
      model.greedy.map((g) => g.generated_token_ids.join(' ')),
      'first near-tie',
      margins,
    );
  }
} finally {
  rmSync(scratch, { recursive: true });
}
writeFileSync(new URL(output, import.meta.url), `${JSON.stringify(reference)}\n`);
process.exit(0);
