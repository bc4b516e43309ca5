import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGguf } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import {
  parseVocabOutputs,
  SHARED_MODEL_VOCABS,
  SHARED_VOCABS,
  sharedModelPath,
  sharedVocabPath,
  splitVocabInputs,
} from './testing/fixture-inputs.ts';
import { Tokenizer } from './tokenizer.ts';

// llama.cpp's own tokenizer tests (../shared/vocab: ggml-vocab-*.gguf with .inp/.out), plus llama.cpp's
// output with special-token parsing and its decoded text, recorded in fixtures/shared-vocabs.json.

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const recorded = JSON.parse(
  readFileSync(new URL('../fixtures/shared-vocabs.json', import.meta.url), 'utf8'),
) as {
  inputs: string[];
  /** null where llama.cpp cannot spell the input (it aborts; we throw a RangeError). */
  vocabs: Record<
    string,
    { ids: (number[] | null)[]; decoded: (string | null)[]; decodedSpecial: (string | null)[] }
  >;
};

function streamed(tokenizer: Tokenizer, ids: readonly number[], unparseSpecial: boolean): string {
  const decoder = tokenizer.createStreamDecoder({ unparseSpecial });
  return ids.map((id) => decoder.push(id)).join('') + decoder.flush();
}

describe.each(SHARED_VOCABS)('ggml-vocab-%s', (name) => {
  const path = sharedVocabPath(repoRoot, name);
  const tokenizer = Tokenizer.fromGguf(parseGguf(readFileSync(path)).metadata);

  it('matches every llama.cpp test case (add_special and parse_special off)', () => {
    const inputs = splitVocabInputs(readFileSync(`${path}.inp`, 'utf8'));
    const expected = parseVocabOutputs(readFileSync(`${path}.out`, 'utf8'));
    expect(inputs.length).toBe(expected.length);
    const got = inputs.map((text) => tokenizer.encode(text, { addSpecial: false, parseSpecial: false }));
    expect(got).toEqual(expected);
  });

  matchesRecorded(name, tokenizer);
});

describe.each(SHARED_MODEL_VOCABS)('%s vocabulary', (name) => {
  matchesRecorded(
    name,
    Tokenizer.fromGguf(parseGguf(readFileSync(sharedModelPath(repoRoot, name))).metadata),
  );
});

function matchesRecorded(name: string, tokenizer: Tokenizer): void {
  const cases = recorded.vocabs[name]!;
  const spelled = cases.ids.flatMap((ids, i) => (ids ? [{ ids, i }] : []));

  it('matches llama.cpp with special-token parsing on', () => {
    const got = recorded.inputs.map((text, i) =>
      cases.ids[i]
        ? tokenizer.encode(text, { addSpecial: false })
        : () => tokenizer.encode(text, { addSpecial: false }),
    );
    got.forEach((ids, i) => {
      if (typeof ids === 'function') expect(ids).toThrow(RangeError);
      else expect(ids, JSON.stringify(recorded.inputs[i])).toEqual(cases.ids[i]);
    });
  });

  it('decodes like llama.cpp, with and without special tokens', () => {
    for (const { ids, i } of spelled) {
      expect(tokenizer.decode(ids)).toBe(cases.decoded[i]);
      expect(tokenizer.decode(ids, { unparseSpecial: true })).toBe(cases.decodedSpecial[i]);
    }
  });

  it('streams exactly the whole decode', () => {
    for (const { ids } of spelled) {
      expect(streamed(tokenizer, ids, false)).toBe(tokenizer.decode(ids));
      expect(streamed(tokenizer, ids, true)).toBe(tokenizer.decode(ids, { unparseSpecial: true }));
    }
  });
}
