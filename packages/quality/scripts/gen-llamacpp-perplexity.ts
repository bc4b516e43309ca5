// Writes fixtures/llamacpp-perplexity.json: llama.cpp's perplexity of the shared F16/F32 models on the bundled
// text, the reference the quality package's tests compare against. Run: npx tsx packages/quality/scripts/gen-llamacpp-perplexity.ts

import { readFileSync, writeFileSync } from 'node:fs';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { llamaCppPerplexity } from './llamacpp-perplexity.ts';

const fixtures = new URL('../fixtures/', import.meta.url);
const text = readFileSync(new URL('tinystories-sample.txt', fixtures), 'utf8');
const ctx = 128;
const models = ['stories260K.gguf', 'TinyStories-656K.f16.gguf'];

const results: Record<string, unknown> = {};
for (const file of models) {
  const result = await llamaCppPerplexity(sharedFixturePath(`models/${file}`), text, ctx);
  console.log(
    file,
    result.perplexity.toFixed(4),
    `${result.scoredTokens} tokens in ${result.windows} windows`,
  );
  results[file] = result;
}
const reference = {
  generator: 'packages/quality/scripts/gen-llamacpp-perplexity.ts (node-llama-cpp 3.21.1, CPU, 1 thread)',
  text: 'tinystories-sample.txt',
  models: results,
};
writeFileSync(new URL('llamacpp-perplexity.json', fixtures), `${JSON.stringify(reference)}\n`);
process.exit(0);
