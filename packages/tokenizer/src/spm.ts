import { spmByteToken } from './byte-tokens.ts';
import { mergeSymbols } from './merge-symbols.ts';
import { utf8Bytes } from './unicode/utf8.ts';
import type { Vocab } from './vocab.ts';
import { WordCache } from './word-cache.ts';

// SentencePiece-style tokenizer (llm_tokenizer_spm): start from characters, repeatedly merge the adjacent
// pair whose concatenation is the highest-scoring token, ties going to the leftmost pair.

/** Tokenizes text that already has its spaces escaped as U+2581, appending ids to `out`. */
function mergeText(vocab: Vocab, text: string, out: number[]): void {
  // Symbols start as characters: offset and length in UTF-16 units.
  const start: number[] = [];
  const length: number[] = [];
  for (let i = 0; i < text.length; ) {
    const n = text.codePointAt(i)! > 0xffff ? 2 : 1;
    start.push(i);
    length.push(n);
    i += n;
  }
  // Highest score first: the priority is the negated score.
  const negatedScore = (left: number, right: number) => {
    const id = vocab.tokenToId.get(text.substr(start[left]!, length[left]! + length[right]!));
    return id === undefined ? undefined : -vocab.scores[id]!;
  };
  for (const piece of mergeSymbols(text, start, length, negatedScore)) {
    const id = vocab.tokenToId.get(piece);
    if (id !== undefined) {
      out.push(id);
      continue;
    }
    // Merged symbols are always tokens, so only a single unknown character gets here: byte fallback.
    // (llama.cpp's rev_merge re-segmentation can never apply to one character.)
    for (const byte of utf8Bytes(piece)) out.push(spmByteToken(vocab, byte));
  }
}

const SPACE = '\u2581';

/**
 * When no token has "▁" after a character other than "▁", no merge can cross the start of a "▁"-led word, so
 * each word merges on its own with the same result as the whole text: that allows caching words.
 */
function mergesStayInWords(vocab: Vocab): boolean {
  return vocab.tokens.every((token) => {
    for (let i = token.indexOf(SPACE, 1); i > 0; i = token.indexOf(SPACE, i + 1)) {
      if (token[i - 1] !== SPACE) return false;
    }
    return true;
  });
}

export class SpmSession {
  private readonly splitWords: boolean;
  private readonly words: WordCache;

  constructor(private readonly vocab: Vocab) {
    this.splitWords = mergesStayInWords(vocab);
    this.words = new WordCache((word, out) => mergeText(vocab, word, out));
  }

  /** Tokenizes text whose spaces are already escaped as U+2581, appending ids to `out`. */
  tokenize(text: string, out: number[]): void {
    if (!this.splitWords) {
      mergeText(this.vocab, text, out);
      return;
    }
    let start = 0;
    for (let i = 1; i <= text.length; i++) {
      if (i < text.length && !(text[i] === SPACE && text[i - 1] !== SPACE)) continue;
      const word = text.slice(start, i);
      start = i;
      this.words.append(word, out);
    }
  }
}
