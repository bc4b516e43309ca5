import { BigramQueue } from './bigram-queue.ts';
import { spmByteToken } from './byte-tokens.ts';
import { utf8Bytes } from './unicode/utf8.ts';
import type { Vocab } from './vocab.ts';

// SentencePiece-style tokenizer (llm_tokenizer_spm): start from characters, repeatedly merge the adjacent
// pair whose concatenation is the highest-scoring token, ties going to the leftmost pair.

/** Tokenizes text that already has its spaces escaped as U+2581, appending ids to `out`. */
function mergeText(vocab: Vocab, text: string, out: number[]): void {
  // Symbols are characters: offset and length in UTF-16 units, linked so merged ones drop out.
  const start: number[] = [];
  const length: number[] = [];
  for (let i = 0; i < text.length; ) {
    const n = text.codePointAt(i)! > 0xffff ? 2 : 1;
    start.push(i);
    length.push(n);
    i += n;
  }
  const count = start.length;
  const prev = Array.from({ length: count }, (_, i) => i - 1);
  const next = Array.from({ length: count }, (_, i) => (i + 1 < count ? i + 1 : -1));

  // Highest score first: the priority is the negated score. `size` marks stale entries (see below).
  const queue = new BigramQueue();
  const tryAdd = (left: number, right: number) => {
    if (left < 0 || right < 0) return;
    const size = length[left]! + length[right]!;
    const id = vocab.tokenToId.get(text.substr(start[left]!, size));
    if (id !== undefined) queue.push(-vocab.scores[id]!, left, right, size);
  };
  for (let i = 1; i < count; i++) tryAdd(i - 1, i);

  while (queue.pop()) {
    const { left, right } = queue;
    // Either symbol merged since the pair was queued: skip it.
    if (length[left] === 0 || length[right] === 0 || length[left]! + length[right]! !== queue.size) continue;
    length[left]! += length[right]!;
    length[right] = 0;
    next[left] = next[right]!;
    if (next[right]! >= 0) prev[next[right]!] = left;
    tryAdd(prev[left]!, left);
    tryAdd(left, next[left]!);
  }

  for (let i = count > 0 ? 0 : -1; i !== -1; i = next[i]!) {
    const piece = text.substr(start[i]!, length[i]!);
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
const CHUNK_CACHE_LIMIT = 1 << 16;

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
  private readonly cache = new Map<string, number[]>();

  constructor(private readonly vocab: Vocab) {
    this.splitWords = mergesStayInWords(vocab);
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
      let ids = this.cache.get(word);
      if (!ids) {
        ids = [];
        mergeText(this.vocab, word, ids);
        if (this.cache.size >= CHUNK_CACHE_LIMIT) this.cache.clear();
        this.cache.set(word, ids);
      }
      for (const id of ids) out.push(id);
    }
  }
}
