// Differential check against llama.cpp (node-llama-cpp CPU prebuilt) on random text: for each shared vocabulary
// and each fixture pre-tokenizer, random strings mixing the character classes tokenizers treat differently.
// Prints every mismatch (ids or decoded text) and exits 1 if there was one.
//   npx tsx packages/tokenizer/scripts/compare-random.ts [--cases 300] [--seed 1]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GgufValueType, parseGguf, typedMetadata, writeGguf } from '../../gguf/src/index.ts';
import { cpuLlama } from '../../oracle/src/index.ts';
import { Tokenizer } from '../src/index.ts';
import { FIXTURE_PRE_TOKENIZERS, SHARED_VOCABS, sharedVocabPath } from '../src/testing/fixture-inputs.ts';

const { values } = parseArgs({ options: { cases: { type: 'string' }, seed: { type: 'string' } } });
const cases = Number(values.cases ?? '300');
let seed = Number(values.seed ?? '1');
const random = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x80000000;
};
const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

const PIECES = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ...'0123456789',
  ' ',
  ' ',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\t',
  '\r\n',
  '\u00a0',
  '\u3000',
  ...'.,;:!?\'"-_()[]{}<>/\\|@#$%^&*+=~`',
  "'s",
  "'t",
  "'re",
  "'ll",
  "'D",
  ' ,',
  ' .',
  " ' ",
  'é',
  'ñ',
  'ü',
  'ß',
  'e\u0301',
  'Ω',
  'ж',
  'Ж',
  'λ',
  'ش',
  'ע',
  'क',
  'ि',
  'ไ',
  '่',
  '你',
  '好',
  '世',
  '界',
  'の',
  'カ',
  '한',
  '①',
  '٣',
  '１',
  'Ⅻ',
  '½',
  '😀',
  '👍🏽',
  '👨‍👩‍👧',
  '🇯🇵',
  '❤️',
  '\u200b',
  '\ufeff',
  '\u0085',
  '𝔘',
  '<s>',
  '</s>',
  '<|endoftext|>',
  '<unk>',
  '[CLS]',
  '<|end|>',
];

function randomText(): string {
  const n = 1 + Math.floor(random() * 24);
  let text = '';
  for (let i = 0; i < n; i++) text += pick(PIECES);
  return text;
}

const repoRoot = new URL('../../../', import.meta.url).pathname;
const llama = await cpuLlama();
const work = mkdtempSync(join(tmpdir(), 'wgllm-compare-'));
let mismatches = 0;

async function compare(label: string, path: string, texts: readonly string[]) {
  const tokenizer = Tokenizer.fromGguf(parseGguf(readFileSync(path)).metadata);
  const model = await llama.loadModel({ modelPath: path, vocabOnly: true });
  try {
    for (const text of texts) {
      for (const parseSpecial of [false, true]) {
        const want = [...model.tokenize(text, parseSpecial)].map(Number);
        const got = tokenizer.encode(text, { addSpecial: false, parseSpecial });
        const wantText = model.detokenize(want as never, false);
        const gotText = tokenizer.decode(want);
        if (JSON.stringify(got) !== JSON.stringify(want) || gotText !== wantText) {
          mismatches++;
          console.log(`${label} parseSpecial=${parseSpecial} ${JSON.stringify(text)}`);
          console.log(`  ids    ours ${JSON.stringify(got)}\n         llama ${JSON.stringify(want)}`);
          if (gotText !== wantText)
            console.log(`  text   ours ${JSON.stringify(gotText)} llama ${JSON.stringify(wantText)}`);
        }
      }
    }
  } finally {
    await model.dispose();
  }
}

try {
  const texts = Array.from({ length: cases }, randomText);
  for (const name of SHARED_VOCABS) await compare(name, sharedVocabPath(repoRoot, name), texts);
  const gpt2 = parseGguf(readFileSync(sharedVocabPath(repoRoot, 'gpt-2')));
  for (const pre of FIXTURE_PRE_TOKENIZERS) {
    const metadata = typedMetadata(gpt2);
    metadata.set('tokenizer.ggml.pre', { type: GgufValueType.STRING, value: pre });
    const path = join(work, `${pre}.gguf`);
    writeFileSync(path, writeGguf({ metadata, tensors: [] }));
    await compare(`gpt-2 as ${pre}`, path, texts);
  }
} finally {
  rmSync(work, { recursive: true });
}
console.log(`${mismatches} mismatches`);
process.exit(mismatches > 0 ? 1 : 0);
