import { BinaryHeap } from './binary-heap.ts';
import { spmByteToken } from './byte-tokens.ts';
import { utf8Bytes } from './unicode/utf8.ts';
import type { Vocab } from './vocab.ts';

// SentencePiece-style tokenizer (llm_tokenizer_spm): start from characters, repeatedly merge the adjacent
// pair whose concatenation is the highest-scoring token, ties going to the leftmost pair.

interface Bigram {
  left: number;
  right: number;
  score: number;
  /** Length of the merged text; a bigram whose symbols have changed since is stale. */
  size: number;
}

const popsFirst = (a: Bigram, b: Bigram) => a.score > b.score || (a.score === b.score && a.left < b.left);

/** Tokenizes text that already has its spaces escaped as U+2581, appending ids to `out`. */
export function tokenizeSpm(vocab: Vocab, text: string, out: number[]): void {
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

  const queue = new BinaryHeap<Bigram>(popsFirst);
  const tryAdd = (left: number, right: number) => {
    if (left < 0 || right < 0) return;
    const size = length[left]! + length[right]!;
    const id = vocab.tokenToId.get(text.substr(start[left]!, size));
    if (id !== undefined) queue.push({ left, right, score: vocab.scores[id]!, size });
  };
  for (let i = 1; i < count; i++) tryAdd(i - 1, i);

  for (let bigram = queue.pop(); bigram; bigram = queue.pop()) {
    const { left, right } = bigram;
    if (length[left] === 0 || length[right] === 0 || length[left]! + length[right]! !== bigram.size) continue;
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
