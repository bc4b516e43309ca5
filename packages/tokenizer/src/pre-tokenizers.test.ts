import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GgufValueType, parseGguf, typedMetadata, writeGguf } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { FIXTURE_PRE_TOKENIZERS, sharedVocabPath } from './testing/fixture-inputs.ts';
import { Tokenizer } from './tokenizer.ts';

// Pre-tokenizers without a shared vocabulary: the gpt-2 vocabulary re-labelled with each tokenizer.ggml.pre
// (as scripts/record-llama-fixtures.ts wrote it with our GGUF writer for llama.cpp), against
// llama.cpp's ids and decoded text in fixtures/pre-tokenizers.json.

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const recorded = JSON.parse(
  readFileSync(new URL('../fixtures/pre-tokenizers.json', import.meta.url), 'utf8'),
) as {
  inputs: string[];
  preTokenizers: Record<string, { ids: number[][]; decoded: string[] }>;
};
// One write/parse round trip; each pre-tokenizer then only swaps the one key (writing 26 files is slow).
const rebuilt = typedMetadata(parseGguf(readFileSync(sharedVocabPath(repoRoot, 'gpt-2'))));
rebuilt.set('tokenizer.ggml.pre', { type: GgufValueType.STRING, value: 'placeholder' });
const gpt2 = parseGguf(writeGguf({ metadata: rebuilt, tensors: [] })).metadata;

describe.each(FIXTURE_PRE_TOKENIZERS)('tokenizer.ggml.pre = %s', (pre) => {
  const tokenizer = Tokenizer.fromGguf(new Map(gpt2).set('tokenizer.ggml.pre', pre));
  const cases = recorded.preTokenizers[pre]!;

  it('tokenizes like llama.cpp', () => {
    const got = recorded.inputs.map((text) =>
      tokenizer.encode(text, { addSpecial: false, parseSpecial: false }),
    );
    expect(got).toEqual(cases.ids);
  });

  it('decodes like llama.cpp, and streams the same text', () => {
    expect(cases.ids.map((ids) => tokenizer.decode(ids))).toEqual(cases.decoded);
    for (const ids of cases.ids) {
      const decoder = tokenizer.createStreamDecoder();
      expect(ids.map((id) => decoder.push(id)).join('') + decoder.flush()).toBe(tokenizer.decode(ids));
    }
  });
});
