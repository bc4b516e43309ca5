// Prefix reuse across the turns of a chat: a 10-turn conversation, each turn's prompt rendered by the chat
// template from the whole history (as an OpenAI client sends it), generated greedily once with the KV cache of
// the earlier turns reused and once with every prompt prefilled whole, on the same loaded model. Prints the time
// to first token per turn both ways and the ratio turn 10 / turn 1, asserts the generated ids are the same both
// ways, and writes bench/results/multi-turn-<date>.md.
//   bench/node_modules/.bin/tsx bench/multi-turn.ts [--turns 10] [--reply 16] [--repeats 3]
//     [--adapter lavapipe|default] [--models stories260K,qwen2.5-0.5b-Q4_0-1L] [--out results.md]
// Each chat runs --repeats times both ways, alternating; a turn's figure is the median of its repeats.
// Models: the shared fixtures by file name, and the bench catalog's synthetic models with real shapes
// (`<shape>-<recipe>-<layers>L`, generated into .cache/bench-models).
import { existsSync, openAsBlob, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { blobSource } from '@wgllm/gguf';
import {
  defaultSamplingOptions,
  generateText,
  type KernelDevice,
  type LoadedModel,
  loadGpuModel,
  requestKernelDevice,
} from '@wgllm/runtime';
import { create, globals } from 'webgpu';
import { benchModels } from './src/models/catalog.ts';
import { quantRecipes } from './src/models/quant-recipe.ts';
import { rerunUnderAdapter } from './src/process/rerun-under-adapter.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    turns: { type: 'string', default: '10' },
    reply: { type: 'string', default: '16' },
    repeats: { type: 'string', default: '3' },
    adapter: { type: 'string', default: 'lavapipe' },
    models: { type: 'string', default: 'stories260K,qwen2.5-0.5b-Q4_0-1L' },
    /** Results file; default bench/results/multi-turn-<date>.md. */
    out: { type: 'string' },
  },
});
rerunUnderAdapter(root, flags.adapter);
Object.assign(globalThis, globals); // the engine uses GPUBufferUsage & co. as globals, as in a browser

const turns = Number(flags.turns);
const replyTokens = Number(flags.reply);
const repeats = Number(flags.repeats);
/** The bound of the issue: the 10th turn's TTFT at most 1.5 times the first's. */
const TTFT_BOUND = 1.5;
const SYSTEM = 'You tell short stories to children.';
const USER_TURNS = [
  'Tell me a story about a little dog.',
  'What was the dog called?',
  'Where did the dog live?',
  'Who was the dog friends with?',
  'What did they play together?',
  'Did something go wrong one day?',
  'How did they fix it?',
  'What did the dog learn?',
  'What happened the next morning?',
  'How does the story end?',
];

interface Turn {
  promptTokens: number;
  cachedTokens: number;
  /** From the request (template rendering and tokenization included) to the first sampled token, ms. */
  ttftMs: number;
  /** The engine's prompt pass (prefill and the first token's logits), ms. */
  prefillMs: number;
  tokens: number[];
}

/** The chat, turn after turn, each prompt rendered from the whole history and tokenized as the API does. */
async function chat(model: LoadedModel, cachePrompt: boolean): Promise<Turn[]> {
  const { tokenizer } = model;
  const messages: { role: string; content: string }[] = [{ role: 'system', content: SYSTEM }];
  const out: Turn[] = [];
  for (let i = 0; i < turns; i++) {
    messages.push({ role: 'user', content: USER_TURNS[i % USER_TURNS.length]! });
    const start = performance.now();
    const text = tokenizer.applyChatTemplate(messages).text;
    const ids = tokenizer.encode(text, { addSpecial: true, parseSpecial: true });
    let firstToken: number | undefined;
    const result = await generateText(
      model,
      {
        prompt: { ids },
        sampling: { ...defaultSamplingOptions, temperature: 0 },
        maxTokens: replyTokens,
        stopStrings: [],
        cachePrompt,
      },
      { onToken: () => (firstToken ??= performance.now()) },
    );
    const ttftMs = (firstToken ?? performance.now()) - start;
    const { cachedTokens, prefillMs, tokens } = result;
    out.push({ promptTokens: ids.length, cachedTokens, ttftMs, prefillMs, tokens });
    messages.push({ role: 'assistant', content: result.text });
  }
  return out;
}

interface ModelRun {
  id: string;
  /** Per turn, the median of the repeats. */
  reused: Turn[];
  whole: Turn[];
  /** Every repeat generated the same ids as the first chat with reuse. */
  identical: boolean;
  /**
   * The last turn's uncached token count prefilled from position 0, ms (median): the last turn's prefill
   * without the cost of attending to the cached context, side by side with it.
   */
  freshPrefillMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Turn by turn, the repeats' median times (their ids are the first repeat's). */
function medianTurns(chats: Turn[][]): Turn[] {
  return chats[0]!.map((turn, i) => ({
    ...turn,
    ttftMs: median(chats.map((c) => c[i]!.ttftMs)),
    prefillMs: median(chats.map((c) => c[i]!.prefillMs)),
  }));
}

async function measure(gpu: KernelDevice, id: string, path: string): Promise<ModelRun> {
  // One sequence: the warm-up and both chats use the same KV cache and step plans, all compiled up front.
  const model = await loadGpuModel(gpu, blobSource(await openAsBlob(path)), { sequences: 1 });
  try {
    // 127 prompt tokens compile every prefill chunk size (64 .. 1) and the decode step; run before each chat
    // with reuse, they also leave nothing of the previous chat in the cache for its first turn to find.
    // Its start also serves as the filler of the fresh prefill below.
    const warm = Array.from({ length: 127 }, (_, i) => 10 + ((i * 7) % 200));
    const prefill = async (ids: number[], maxTokens: number) =>
      generateText(model, {
        prompt: { ids },
        sampling: { ...defaultSamplingOptions, temperature: 0 },
        maxTokens,
        stopStrings: [],
        cachePrompt: false,
      });
    const reused: Turn[][] = [];
    const whole: Turn[][] = [];
    const fresh: number[] = [];
    for (let r = 0; r < repeats; r++) {
      await prefill(warm, 2);
      reused.push(await chat(model, true));
      whole.push(await chat(model, false));
      const last = reused[r]![turns - 1]!;
      fresh.push((await prefill(warm.slice(0, last.promptTokens - last.cachedTokens), 1)).prefillMs);
    }
    const ids = (chat: Turn[]) => chat.map((t) => t.tokens.join()).join('|');
    const identical = [...reused, ...whole].every((chat) => ids(chat) === ids(reused[0]!));
    const medians = { reused: medianTurns(reused), whole: medianTurns(whole) };
    return { id, ...medians, identical, freshPrefillMs: median(fresh) };
  } finally {
    model.destroy();
  }
}

const ms = (value: number) => value.toFixed(1);

function report(run: ModelRun): { table: string; summary: string; identical: boolean } {
  const { reused, whole, identical } = run;
  const rows = reused.map((t, i) => {
    const w = whole[i]!;
    return (
      `| ${i + 1} | ${t.promptTokens} | ${t.cachedTokens} | ${ms(t.ttftMs)} | ${ms(t.prefillMs)} | ` +
      `${ms(w.ttftMs)} | ${ms(w.prefillMs)} | ${t.tokens.length} |`
    );
  });
  const table = [
    `### ${run.id}`,
    '',
    '| turn | prompt tokens | cached tokens | TTFT, reuse (ms) | prefill, reuse (ms) | TTFT, no reuse (ms) | prefill, no reuse (ms) | generated |',
    '| ---- | ------------- | ------------- | ---------------- | ------------------- | ------------------- | ---------------------- | --------- |',
    ...rows,
  ].join('\n');
  const last = reused.length - 1;
  const ratio = (t: Turn[]) => t[last]!.ttftMs / t[0]!.ttftMs;
  const verdict = ratio(reused) <= TTFT_BOUND ? 'within' : 'OVER';
  const summary =
    `| ${run.id} | ${ms(reused[0]!.ttftMs)} | ${ms(reused[last]!.ttftMs)} | ${ratio(reused).toFixed(2)} (${verdict} ${TTFT_BOUND}) | ` +
    `${ms(whole[0]!.ttftMs)} | ${ms(whole[last]!.ttftMs)} | ${ratio(whole).toFixed(2)} | ` +
    `${reused[last]!.promptTokens - reused[last]!.cachedTokens} | ${ms(reused[last]!.prefillMs)} | ${ms(run.freshPrefillMs)} | ` +
    `${identical ? 'yes' : 'NO'} |`;
  return { table, summary, identical };
}

/** A fixture file name or a catalog id, to its path. */
async function modelPath(id: string): Promise<string> {
  const fixturesDir = join(root, '../shared/models');
  const fixture = join(fixturesDir, `${id}.gguf`);
  if (existsSync(fixture)) return fixture;
  const [found] = await benchModels({
    fixturesDir,
    cacheDir: join(root, '.cache/bench-models'),
    layers: Number(/-(\d+)L$/.exec(id)?.[1] ?? 1),
    only: [id],
    recipes: quantRecipes.filter((recipe) => id.includes(recipe)),
  });
  if (!found) throw new Error(`no fixture or catalog model '${id}'`);
  return found.path;
}

const gpu = await requestKernelDevice(create([]));
const date = new Date().toISOString();
const load = loadavg()[0] ?? 0;
const runs: ReturnType<typeof report>[] = [];
for (const id of flags.models.split(',')) {
  console.log(`${id}: ${turns} turns, ${replyTokens}-token replies, with and without prefix reuse...`);
  const result = report(await measure(gpu, id, await modelPath(id)));
  console.log(`${result.table}\n`);
  runs.push(result);
}
gpu.device.destroy();

const adapter = process.env.WGLLM_ADAPTER ?? 'the default Vulkan adapter';
const markdown = [
  `# Multi-turn chat: prefix reuse (${date.slice(0, 16)} UTC)`,
  '',
  `\`bench/node_modules/.bin/tsx bench/multi-turn.ts --turns ${turns} --reply ${replyTokens} --repeats ${repeats} --models ${flags.models}\`, ` +
    `Node on Dawn (${adapter}), load average ${load.toFixed(1)} at the start. Each turn's prompt is the chat template's ` +
    `rendering of the whole history (system prompt, the user turns, the replies generated so far), as an OpenAI client ` +
    `sends it; greedy replies of at most ${replyTokens} tokens (EOS ends one). TTFT: from the request (template and ` +
    'tokenization included) to the first sampled token. "Without reuse" prefills every prompt whole (`cachePrompt: false`) ' +
    'on the same loaded model, after a warm-up that compiled every step. Figures: the median of ' +
    `${repeats} repeats per turn; "same ids": every repeat, with and without reuse, generated the same ids. ` +
    "The last three columns split the last turn's prefill: its uncached tokens after the cached context, and as " +
    'many tokens prefilled from position 0 (what attending to the cached context costs).',
  '',
  '| model | TTFT turn 1, reuse (ms) | TTFT last turn, reuse (ms) | last / first, reuse | TTFT turn 1, no reuse (ms) | TTFT last turn, no reuse (ms) | last / first, no reuse | last turn: new tokens | their prefill after the cached context (ms) | the same count prefilled at position 0 (ms) | same ids |',
  '| ----- | ----------------------- | -------------------------- | ------------------- | -------------------------- | ----------------------------- | ---------------------- | --------------------- | ------------------------------------------- | ------------------------------------------- | -------- |',
  ...runs.map((r) => r.summary),
  '',
  ...runs.map((r) => `${r.table}\n`),
].join('\n');
console.log(
  markdown
    .split('\n')
    .slice(4, 6 + runs.length)
    .join('\n'),
);
const file = flags.out ?? join(root, `bench/results/multi-turn-${date.slice(0, 10)}.md`);
writeFileSync(file, markdown);
console.log(`wrote ${file}`);
if (!runs.every((r) => r.identical)) {
  console.error('prefix reuse changed the generated ids');
  process.exit(1);
}
