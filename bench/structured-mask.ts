// The per-token cost of structured output at a real vocabulary size: a synthetic model with Qwen2.5-0.5B's shape
// (cut to a few layers) and Qwen2's real tokenizer (151,936 tokens, llama.cpp's models/ggml-vocab-qwen2.gguf)
// decodes with and without a JSON schema, interleaved in one run on the same engine, at temperature 0 and at
// temperature 1 with seeds; then each constrained reply is replayed through a fresh grammar matcher to time the
// mask computation alone. Prints decode tok/s both ways, their ratio, mask ms/token, and writes
// bench/results/structured-mask-<date>.md.
//   bench/node_modules/.bin/tsx bench/structured-mask.ts [--layers 2] [--tokens 64] [--rounds 3]
//     [--adapter lavapipe|swiftshader|default] [--vocab path/to/ggml-vocab-qwen2.gguf] [--out file.md]
// The mask is computed on the CPU while the GPU runs the step (GpuRunner.run): only what it takes beyond the
// step, its 19 KB upload and the mask kernel show up in the constrained tok/s.
import { openAsBlob, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { inThreadEngine, type LocalEngine } from '@wgllm/api/node';
import { type GgufMetadataInput, parseGguf, typedMetadata } from '@wgllm/gguf';
import { maskWords } from '@wgllm/runtime';
import { create, globals } from 'webgpu';
import { GrammarEngine } from '../packages/api/src/structured/grammar-engine.ts';
import { Tokenizer } from '../packages/tokenizer/src/index.ts';
import { llamaCppVocab } from './src/models/llamacpp-vocab.ts';
import { modelShapes } from './src/models/shapes.ts';
import { syntheticModel } from './src/models/synthetic-gguf.ts';
import { rerunUnderAdapter } from './src/process/rerun-under-adapter.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    layers: { type: 'string', default: '2' },
    tokens: { type: 'string', default: '64' },
    rounds: { type: 'string', default: '3' },
    adapter: { type: 'string', default: 'lavapipe' },
    vocab: { type: 'string' },
    out: { type: 'string' },
  },
});
rerunUnderAdapter(root, flags.adapter);

const layers = Number(flags.layers);
const maxTokens = Number(flags.tokens);
const rounds = Number(flags.rounds);
const cacheDir = join(root, '.cache/bench-models');

/**
 * A schema a random-weight model cannot finish inside max_tokens (at least 40 records), with every kind of
 * position a real schema has: keys, bounded strings, integers, enums, booleans, nested arrays.
 */
const SCHEMA = {
  type: 'object',
  properties: {
    people: {
      type: 'array',
      minItems: 40,
      items: {
        type: 'object',
        properties: {
          name: { type: 'string', maxLength: 24 },
          age: { type: 'integer', minimum: 0, maximum: 120 },
          role: { enum: ['admin', 'editor', 'viewer'] },
          active: { type: 'boolean' },
          tags: { type: 'array', items: { type: 'string', maxLength: 8 }, maxItems: 3 },
        },
        required: ['name', 'age', 'role', 'active', 'tags'],
        additionalProperties: false,
      },
    },
  },
  required: ['people'],
  additionalProperties: false,
};
const MESSAGES = [{ role: 'user' as const, content: 'List the people in the team as JSON.' }];

/** The vocabulary file's tokenizer (and chat template), as metadata for the synthetic model. */
function tokenizerMetadata(path: string): { metadata: Record<string, GgufMetadataInput>; tokens: number } {
  const header = parseGguf(readFileSync(path));
  const metadata: Record<string, GgufMetadataInput> = {};
  for (const [key, value] of typedMetadata(header)) if (key.startsWith('tokenizer.')) metadata[key] = value;
  return { metadata, tokens: (header.metadata.get('tokenizer.ggml.tokens') as string[]).length };
}

interface Sample {
  constrained: boolean;
  temperature: number;
  tokens: number;
  /** Decode steps per second (the first token comes out of the prompt pass). */
  tokensPerSecond: number;
  finishReason: string;
  text: string;
}

async function sample(engine: LocalEngine, constrained: boolean, temperature: number, seed: number) {
  const completion = await engine.chat.completions.create({
    model: 'model',
    messages: MESSAGES,
    temperature,
    seed,
    max_tokens: maxTokens,
    ...(constrained && {
      response_format: { type: 'json_schema', json_schema: { name: 'team', schema: SCHEMA } },
    }),
  });
  const { usage } = completion;
  const choice = completion.choices[0]!;
  return {
    constrained,
    temperature,
    tokens: usage.completion_tokens,
    tokensPerSecond: ((usage.completion_tokens - 1) / usage.timings!.predicted_ms) * 1000,
    finishReason: choice.finish_reason,
    text: choice.message.content ?? '',
  } satisfies Sample;
}

/** Replays `text` through a fresh matcher: ms per fillMask, one per step (the last one after the text). */
async function maskTimes(
  grammars: GrammarEngine,
  tokenizer: Tokenizer,
  vocabSize: number,
  text: string,
): Promise<number[]> {
  const constraint = await grammars.constraint({ kind: 'json_schema', schema: JSON.stringify(SCHEMA) });
  const mask = new Uint32Array(maskWords(vocabSize));
  const times: number[] = [];
  try {
    for (const token of [...tokenizer.encode(text, { addSpecial: false }), undefined]) {
      const start = performance.now();
      await constraint.fillMask(mask);
      times.push(performance.now() - start);
      if (token !== undefined) constraint.accept(token);
    }
  } finally {
    constraint.dispose();
  }
  return times;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
const fixed = (x: number, digits = 2) => x.toFixed(digits);

async function main(): Promise<void> {
  const vocabPath = flags.vocab ?? llamaCppVocab(cacheDir, 'qwen2');
  const vocabulary = tokenizerMetadata(vocabPath);
  const shape = modelShapes.find((s) => s.id === 'qwen2.5-0.5b')!;
  if (vocabulary.tokens !== shape.vocab)
    throw new Error(`${vocabPath} has ${vocabulary.tokens} tokens; Qwen2.5's vocabulary has ${shape.vocab}`);
  const modelPath = await syntheticModel(cacheDir, shape, 'Q4_0', layers, {
    id: 'qwen2-vocab',
    metadata: vocabulary.metadata,
  });

  Object.assign(globalThis, globals);
  const engine = inThreadEngine({ gpu: create([]) });
  const blob = await openAsBlob(modelPath);
  const info = await engine.load(new File([blob], 'model.gguf'), { id: 'model', contextLength: 512 });
  console.log(
    `${modelPath}\n${info.backend}, vocabulary ${shape.vocab}, ${layers} layers, ${maxTokens} tokens`,
  );
  // Warm-up: pipelines, the grammar compiler's tokenizer table (once per model) and the schema's grammar.
  await sample(engine, false, 0, 0);
  await sample(engine, true, 0, 0);

  const samples: Sample[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const temperature of [0, 1]) {
      // Alternating which goes first cancels drift (thermal, other processes) between the two.
      const order = round % 2 === 0 ? [false, true] : [true, false];
      for (const constrained of order) {
        const s = await sample(engine, constrained, temperature, 100 + round);
        samples.push(s);
        console.log(
          `round ${round} T=${temperature} ${constrained ? 'json ' : 'free '} ${fixed(s.tokensPerSecond)} tok/s, ${s.tokens} tokens, ${s.finishReason}`,
        );
      }
    }
  }
  await engine.dispose();

  const { metadata } = parseGguf(readFileSync(vocabPath));
  const tokenizer = Tokenizer.fromGguf(metadata);
  const eos = Number(metadata.get('tokenizer.ggml.eos_token_id'));
  const grammars = new GrammarEngine(tokenizer, shape.vocab, [eos]);
  const masks: number[] = [];
  for (const s of samples.filter((x) => x.constrained))
    masks.push(...(await maskTimes(grammars, tokenizer, shape.vocab, s.text)));

  const rows = [0, 1].map((temperature) => {
    const of = (constrained: boolean) =>
      median(
        samples
          .filter((s) => s.temperature === temperature && s.constrained === constrained)
          .map((s) => s.tokensPerSecond),
      );
    const free = of(false);
    const json = of(true);
    return { temperature, free, json, ratio: json / free };
  });
  const sorted = [...masks].sort((a, b) => a - b);
  const p90 = sorted[Math.floor(0.9 * (sorted.length - 1))]!;
  const maskMs = { mean: mean(masks), median: median(masks), p90, max: sorted.at(-1)! };
  const stepMs = 1000 / rows[0]!.free;
  // Overlapped with the step, a mask costs only what it takes beyond the step.
  const exposedMs = mean(masks.map((ms) => Math.max(0, ms - stepMs)));
  const lines = [
    '| temperature | free tok/s | JSON schema tok/s | ratio |',
    '|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.temperature}${r.temperature ? ' (seeded)' : ''} | ${fixed(r.free)} | ${fixed(r.json)} | ${fixed(r.ratio, 3)} |`,
    ),
    '',
    `Mask computation (XGrammar, CPU, replayed, ${masks.length} steps): mean ${fixed(maskMs.mean, 3)} ms/token, ` +
      `median ${fixed(maskMs.median, 3)}, p90 ${fixed(maskMs.p90, 3)}, max ${fixed(maskMs.max, 3)}; ` +
      `free greedy decode step ${fixed(stepMs, 1)} ms, so the mask's time beyond the step it overlaps is ` +
      `${fixed(exposedMs, 3)} ms/token.`,
  ];
  console.log(`\n${lines.join('\n')}`);

  const date = new Date().toISOString().slice(0, 10);
  const out = flags.out ?? join(root, `bench/results/structured-mask-${date}.md`);
  const command =
    `bench/node_modules/.bin/tsx bench/structured-mask.ts ${process.argv.slice(2).join(' ')}`.trim();
  const report = [
    `# Structured output: the token mask's cost at Qwen2.5's vocabulary (${date})`,
    '',
    `\`${command}\` on ${flags.adapter} (${info.backend}). Model: Qwen2.5-0.5B's shape cut to ${layers} layers, Q4_0, ` +
      `random weights, Qwen2's real tokenizer (${shape.vocab} tokens, from llama.cpp's models/ggml-vocab-qwen2.gguf). ` +
      `Each request: the chat template, then ${maxTokens} tokens; ${rounds} rounds per temperature, free and ` +
      'constrained interleaved (order alternating), medians shown. The schema (in the bench) cannot complete ' +
      `inside ${maxTokens} tokens, so both decode the same number of steps.`,
    '',
    ...lines,
    '',
    'Per-request figures:',
    '',
    '| T | mode | tok/s | tokens | finish |',
    '|---|---|---|---|---|',
    ...samples.map(
      (s) =>
        `| ${s.temperature} | ${s.constrained ? 'json' : 'free'} | ${fixed(s.tokensPerSecond)} | ${s.tokens} | ${s.finishReason} |`,
    ),
    '',
  ].join('\n');
  writeFileSync(out, report);
  console.log(`\nwrote ${out}`);
}

await main();
process.exit(0); // Dawn's device keeps the process alive
