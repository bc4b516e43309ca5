// Records llama.cpp's tokenizer output as JSON fixtures for the unit tests (fixtures/*.json), through
// node-llama-cpp's prebuilt CPU binary (never downloads or builds). Rerun after changing HARD_CASES or the
// pre-tokenizer list:
//   npx tsx packages/tokenizer/scripts/record-llama-fixtures.ts
// (tsx lives in packages/cli/node_modules/.bin). Writes:
//   fixtures/pre-tokenizers.json  the gpt-2 vocabulary re-labelled with each tokenizer.ggml.pre, rebuilt with
//                                 our GGUF writer; ids and decoded text for every input
//   fixtures/shared-vocabs.json   the shared ggml-vocab-*.gguf files and two model vocabularies: ids with
//                                 special-token parsing, and decoded text with and without special tokens
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GgufValueType, parseGguf, typedMetadata, writeGguf } from '../../gguf/src/index.ts';
import { cpuLlama } from '../../oracle/src/index.ts';
import { Tokenizer } from '../src/index.ts';
import {
  FIXTURE_PRE_TOKENIZERS,
  SHARED_MODEL_VOCABS,
  SHARED_VOCABS,
  sharedModelPath,
  sharedVocabPath,
  splitVocabInputs,
} from '../src/testing/fixture-inputs.ts';
import { HARD_CASES } from './hard-cases.ts';

const repoRoot = new URL('../../../', import.meta.url).pathname;
const fixtures = new URL('../fixtures/', import.meta.url).pathname;
const shared = splitVocabInputs(readFileSync(`${sharedVocabPath(repoRoot, 'gpt-2')}.inp`, 'utf8'));
const inputs = [...shared, ...HARD_CASES];
const llama = await cpuLlama();
const version = JSON.parse(
  readFileSync(join(repoRoot, 'packages/oracle/node_modules/node-llama-cpp/package.json'), 'utf8'),
);
const source = `node-llama-cpp ${version.version} (llama.cpp CPU prebuilt)`;

/**
 * llama.cpp aborts the whole process (an uncaught std::out_of_range) on a character that a vocabulary without
 * byte tokens cannot spell, so such inputs are left out (null) for it: our tokenizer throws on them instead.
 */
function spellable(modelPath: string): (text: string) => boolean {
  const tokenizer = Tokenizer.fromGguf(parseGguf(readFileSync(modelPath)).metadata);
  return (text) => {
    try {
      tokenizer.encode(text, { addSpecial: false });
      return true;
    } catch (error) {
      if (error instanceof RangeError) return false;
      throw error;
    }
  };
}

async function record(modelPath: string, parseSpecial: boolean) {
  const canSpell = spellable(modelPath);
  const model = await llama.loadModel({ modelPath, vocabOnly: true });
  try {
    const ids = inputs.map((text) =>
      canSpell(text) ? [...model.tokenize(text, parseSpecial)].map(Number) : null,
    );
    const decode = (special: boolean) => ids.map((t) => (t ? model.detokenize(t as never, special) : null));
    return { ids, decoded: decode(false), decodedSpecial: decode(true) };
  } finally {
    await model.dispose();
  }
}

const work = mkdtempSync(join(tmpdir(), 'wgllm-vocab-'));
try {
  const gpt2 = parseGguf(readFileSync(sharedVocabPath(repoRoot, 'gpt-2')));
  const preTokenizers: Record<string, unknown> = {};
  for (const pre of FIXTURE_PRE_TOKENIZERS) {
    const metadata = typedMetadata(gpt2);
    metadata.set('tokenizer.ggml.pre', { type: GgufValueType.STRING, value: pre });
    const path = join(work, `${pre}.gguf`);
    writeFileSync(path, writeGguf({ metadata, tensors: [] }));
    const { ids, decoded } = await record(path, false);
    preTokenizers[pre] = { ids, decoded };
    console.log(`pre-tokenizer ${pre}: recorded`);
  }
  writeFileSync(
    join(fixtures, 'pre-tokenizers.json'),
    `${JSON.stringify({ source, inputs, preTokenizers })}\n`,
  );

  const vocabs: Record<string, unknown> = {};
  for (const name of SHARED_VOCABS) {
    vocabs[name] = await record(sharedVocabPath(repoRoot, name), true);
    console.log(`vocab ${name}: recorded`);
  }
  for (const name of SHARED_MODEL_VOCABS) {
    vocabs[name] = await record(sharedModelPath(repoRoot, name), true);
    console.log(`model vocabulary ${name}: recorded`);
  }
  writeFileSync(join(fixtures, 'shared-vocabs.json'), `${JSON.stringify({ source, inputs, vocabs })}\n`);
} finally {
  rmSync(work, { recursive: true });
}
