// Encode throughput of @wgllm/tokenizer beside llama.cpp's own tokenizer (node-llama-cpp, CPU prebuilt) on the
// same >= 1 MiB of text, for a SentencePiece and a byte-level BPE vocabulary, in one run:
//   npx tsx bench/tokenizer.ts [--mib 1] [--runs 3]
// Text: every text in the shared llama.cpp reference and tokenizer tests plus our hard cases, sentences shuffled
// with a fixed seed until the size is reached. Each of our runs starts from a fresh Tokenizer (empty word cache).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseGguf } from '../packages/gguf/src/index.ts';
import { sharedFixturePath } from '../packages/gguf/src/testing/shared-fixture.ts';
import { cpuLlama } from '../packages/oracle/src/index.ts';
import { HARD_CASES } from '../packages/tokenizer/scripts/hard-cases.ts';
import { Tokenizer } from '../packages/tokenizer/src/index.ts';
import { splitVocabInputs } from '../packages/tokenizer/src/testing/fixture-inputs.ts';

const { values } = parseArgs({ options: { mib: { type: 'string' }, runs: { type: 'string' } } });
const targetBytes = Number(values.mib ?? '1') * 1024 * 1024;
const runs = Number(values.runs ?? '3');

function benchText(): string {
  const reference = JSON.parse(
    readFileSync(sharedFixturePath('models/reference/llamacpp-cpu-reference.json'), 'utf8'),
  );
  const texts: string[] = [...HARD_CASES];
  for (const model of Object.values<{ greedy: { prompt: string; generated_text: string }[] }>(
    reference.models,
  )) {
    for (const run of model.greedy) texts.push(run.prompt, run.generated_text);
  }
  texts.push(...splitVocabInputs(readFileSync(sharedFixturePath('vocab/ggml-vocab-gpt-2.gguf.inp'), 'utf8')));
  const sentences = texts.flatMap((text) => text.split(/(?<=[.!?\n])\s+/)).filter((s) => s.length > 0);
  let seed = 1;
  const random = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
  const parts: string[] = [];
  let bytes = 0;
  while (bytes < targetBytes) {
    const sentence = sentences[Math.floor(random() * sentences.length)]!;
    parts.push(sentence);
    bytes += Buffer.byteLength(sentence) + 1;
  }
  return parts.join(' ');
}

/** Best of `runs` timings of the function `prepare` returns (prepare itself is not timed), in seconds. */
function best(prepare: () => () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const measured = prepare();
    const start = performance.now();
    measured();
    fastest = Math.min(fastest, (performance.now() - start) / 1000);
  }
  return fastest;
}

const text = benchText();
const mb = Buffer.byteLength(text) / 1e6;
const llama = await cpuLlama();
console.log(
  `text: ${mb.toFixed(2)} MB (${text.length} UTF-16 units), best of ${runs} runs, add_special/parse_special off\n`,
);
console.log('vocabulary            type   ours MB/s   llama.cpp MB/s   ours/llama.cpp   tokens    same ids');
for (const [name, type] of [
  ['llama-spm', 'SPM'],
  ['gpt-2', 'BPE'],
] as const) {
  const path = sharedFixturePath(`vocab/ggml-vocab-${name}.gguf`);
  const metadata = parseGguf(readFileSync(path)).metadata;
  let ours: number[] = [];
  // Building the tokenizer is not timed: llama.cpp's vocabulary is loaded before its timing too.
  const oursSeconds = best(() => {
    const tokenizer = Tokenizer.fromGguf(metadata);
    return () => {
      ours = tokenizer.encode(text, { addSpecial: false, parseSpecial: false });
    };
  });
  const model = await llama.loadModel({ modelPath: path, vocabOnly: true });
  let theirs: readonly number[] = [];
  const theirsSeconds = best(() => () => {
    theirs = model.tokenize(text, false);
  });
  await model.dispose();
  const same = ours.length === theirs.length && ours.every((id, i) => id === theirs[i]);
  console.log(
    `ggml-vocab-${name}`.padEnd(22) +
      type.padEnd(7) +
      (mb / oursSeconds).toFixed(2).padStart(9) +
      (mb / theirsSeconds).toFixed(2).padStart(17) +
      `${(theirsSeconds / oursSeconds).toFixed(2)}x`.padStart(17) +
      String(ours.length).padStart(9) +
      (same ? 'yes' : 'NO').padStart(12),
  );
}
