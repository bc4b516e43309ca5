import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGguf } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { sharedVocabPath } from './testing/fixture-inputs.ts';
import { Tokenizer } from './tokenizer.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const load = (name: string) =>
  Tokenizer.fromGguf(parseGguf(readFileSync(sharedVocabPath(repoRoot, name))).metadata);

describe('StreamDecoder', () => {
  it('holds back a UTF-8 sequence split over byte tokens', () => {
    const tokenizer = load('llama-spm');
    const ids = tokenizer.encode('🤖!', { addSpecial: false });
    // "▁" then four <0xXX> byte tokens for the emoji, then "!".
    expect(ids.map((id) => tokenizer.tokenText(id))).toEqual([
      '▁',
      '<0xF0>',
      '<0x9F>',
      '<0xA4>',
      '<0x96>',
      '!',
    ]);
    const decoder = tokenizer.createStreamDecoder();
    expect(ids.map((id) => decoder.push(id))).toEqual(['', '', '', '', '🤖', '!']);
    expect(decoder.flush()).toBe('');
  });

  it("drops SentencePiece's leading space on the first token only", () => {
    const tokenizer = load('llama-spm');
    const ids = tokenizer.encode('Hello world', { addSpecial: false });
    const decoder = tokenizer.createStreamDecoder();
    expect(ids.map((id) => decoder.push(id))).toEqual(['Hello', ' world']);
    // After a BOS the space stays, as in llama.cpp (the BOS used up the strip).
    expect(tokenizer.decode([tokenizer.bos!, ...ids])).toBe(' Hello world');
    // Dropping the BOS with removeSpecial keeps the space too (llama.cpp clears remove_space there).
    expect(tokenizer.decode([tokenizer.bos!, ...ids], { removeSpecial: true })).toBe(' Hello world');
  });

  it('holds a space until it knows whether clean-up removes it', () => {
    const tokenizer = load('gpt-2');
    const ids = tokenizer.encode('Hello , world', { addSpecial: false });
    const decoder = tokenizer.createStreamDecoder();
    const pieces = ids.map((id) => decoder.push(id));
    expect(pieces.join('') + decoder.flush()).toBe('Hello, world');
    expect(tokenizer.decode(ids)).toBe('Hello, world');
  });

  it('keeps a leading byte order mark, as llama.cpp does', () => {
    const tokenizer = load('gpt-2');
    expect(tokenizer.decode(tokenizer.encode('\ufeffhi'))).toBe('\ufeffhi');
  });

  it('renders control tokens only when asked', () => {
    const tokenizer = load('phi-3');
    const ids = tokenizer.encode('<|user|>Hi<|end|>', { addSpecial: false });
    expect(tokenizer.decode(ids)).toBe(' Hi');
    expect(tokenizer.decode(ids, { unparseSpecial: true })).toBe('<|user|> Hi<|end|>');
  });
});
