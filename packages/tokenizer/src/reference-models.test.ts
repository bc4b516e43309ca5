import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGguf } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from './tokenizer.ts';

// The shared llama.cpp reference runs: prompt_token_ids = [BOS] + tokenize(prompt, add_special=false,
// parse_special=false), and generated_text is the continuation's text after the prompt's.

interface Greedy {
  prompt: string;
  prompt_token_ids: number[];
  generated_token_ids: number[];
  generated_text: string;
}

const models = new URL('../../../../shared/models/', import.meta.url);
const reference = JSON.parse(
  readFileSync(new URL('reference/llamacpp-cpu-reference.json', models), 'utf8'),
) as {
  models: Record<string, { bos: number; greedy: Greedy[] }>;
};

describe.each(Object.keys(reference.models))('%s', (name) => {
  const tokenizer = Tokenizer.fromGguf(
    parseGguf(readFileSync(fileURLToPath(new URL(name, models)))).metadata,
  );
  const { bos, greedy } = reference.models[name]!;

  it.each(greedy.map((run) => [run.prompt, run] as const))(
    'tokenizes prompt %j like llama.cpp',
    (prompt, run) => {
      expect(tokenizer.bos).toBe(bos);
      expect([bos, ...tokenizer.encode(prompt, { addSpecial: false, parseSpecial: false })]).toEqual(
        run.prompt_token_ids,
      );
      expect(tokenizer.encode(prompt)).toEqual(run.prompt_token_ids);
    },
  );

  it.each(greedy.map((run) => [run.prompt, run] as const))('streams the continuation of %j', (_, run) => {
    // The stream continues the prompt's text, so the first generated piece keeps its leading space.
    const decoder = tokenizer.createStreamDecoder();
    for (const id of run.prompt_token_ids.slice(1)) decoder.push(id);
    const text = run.generated_token_ids.map((id) => decoder.push(id)).join('') + decoder.flush();
    expect(text).toBe(run.generated_text);
  });
});

it('breaks TinyStories-656K ties the way llama.cpp does', () => {
  const tokenizer = Tokenizer.fromGguf(
    parseGguf(readFileSync(fileURLToPath(new URL('TinyStories-656K.f16.gguf', models)))).metadata,
  );
  const ids = tokenizer.encode('Once upon a time');
  expect(ids).toEqual([1, 80, 147, 201, 282, 57]);
  // Every merge here scores the same, so only the leftmost-first rule picks these tokens.
  const scores = new Set(ids.slice(1).map((id) => tokenizer.vocab.scores[id]));
  expect(scores.size).toBe(1);
});
