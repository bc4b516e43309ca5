// Where the shared llama.cpp tokenizer tests live, and which fixtures we record. Shared by the unit tests
// and scripts/record-llama-fixtures.ts; paths are built from the repo root (the caller knows where it is).

export const SHARED_VOCABS = [
  'llama-spm',
  'phi-3',
  'gpt-2',
  'starcoder',
  'deepseek-llm',
  'deepseek-coder',
  'bert-bge',
] as const;

/** One tokenizer.ggml.pre per distinct pre-tokenizer behaviour, plus the ones the issue names. */
export const FIXTURE_PRE_TOKENIZERS = [
  'default',
  'llama-bpe',
  'qwen2',
  'smollm',
  'falcon',
  'mpt',
  'refact',
  'starcoder',
  'deepseek-llm',
  'deepseek-coder',
  'deepseek-v3',
  'roberta-bpe',
  'trillion',
  'command-r',
  'stablelm2',
  'dbrx',
  'chatglm-bpe',
  'poro-chat',
  'bloom',
  'viking',
  'tekken',
  'chameleon',
  'gpt-4o',
  'seed-coder',
  'bailingmoe',
  'minicpm5',
] as const;

/** Models whose SentencePiece vocabularies merge across words ("▁and▁"), which takes the whole-text path. */
export const SHARED_MODEL_VOCABS = ['TinyStories-656K.f16', 'stories260K'] as const;

export const sharedVocabPath = (repoRoot: string, name: string) =>
  `${repoRoot}../shared/vocab/ggml-vocab-${name}.gguf`;
export const sharedModelPath = (repoRoot: string, name: string) => `${repoRoot}../shared/models/${name}.gguf`;

/** Splits a llama.cpp .inp file into its test strings (as test-tokenizer-0 does: a final separator ends the list). */
export function splitVocabInputs(raw: string): string[] {
  const parts = raw.split('\n__ggml_vocab_test__\n');
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** Parses a llama.cpp .out file: one line of space-separated ids per input (std::getline lines). */
export function parseVocabOutputs(raw: string): number[][] {
  const lines = raw.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => (line.trim() === '' ? [] : line.trim().split(' ').map(Number)));
}
