import { BigramQueue } from '../bigram-queue.ts';
import { byteEncodeCodepoints } from '../unicode/byte-encoding.ts';
import { codepointsOf, utf8Bytes } from '../unicode/utf8.ts';
import { mergeKey, type Vocab } from '../vocab.ts';
import { regexSplit } from './regex-split.ts';

// Byte-level BPE (llm_tokenizer_bpe_session): pre-tokenize into words, map each word's UTF-8 bytes to GPT-2
// characters, then apply merges lowest rank first, ties going to the leftmost pair.

function mergeWord(vocab: Vocab, word: string, out: number[]): void {
  if (vocab.preTokenizer?.ignoreMerges) {
    const id = vocab.tokenToId.get(word);
    if (id !== undefined) {
      out.push(id);
      return;
    }
  }
  // Byte-encoded text is all BMP, so symbol i starts as character i.
  const count = word.length;
  const length = new Array<number>(count).fill(1);
  const prev = Array.from({ length: count }, (_, i) => i - 1);
  const next = Array.from({ length: count }, (_, i) => (i + 1 < count ? i + 1 : -1));
  const queue = new BigramQueue();
  const tryAdd = (left: number, right: number) => {
    if (left < 0 || right < 0) return;
    const rank = vocab.bpeRanks.get(
      mergeKey(word.substr(left, length[left]!), word.substr(right, length[right]!)),
    );
    if (rank !== undefined) queue.push(rank, left, right, length[left]! + length[right]!);
  };
  for (let i = 1; i < count; i++) tryAdd(i - 1, i);

  while (queue.pop()) {
    const { left, right } = queue;
    // Symbols keep their start, so "same text as when queued" is "same total length".
    if (length[left] === 0 || length[right] === 0 || length[left]! + length[right]! !== queue.size) continue;
    length[left]! += length[right]!;
    length[right] = 0;
    next[left] = next[right]!;
    if (next[right]! >= 0) prev[next[right]!] = left;
    tryAdd(prev[left]!, left);
    tryAdd(left, next[left]!);
  }

  for (let i = count > 0 ? 0 : -1; i !== -1; i = next[i]!) {
    const piece = word.substr(i, length[i]!);
    const id = vocab.tokenToId.get(piece);
    if (id !== undefined) {
      out.push(id);
      continue;
    }
    // llama.cpp looks up each UTF-8 byte of the piece as a one-byte string: only ASCII bytes can match.
    for (const byte of utf8Bytes(piece)) {
      const byteId = byte < 0x80 ? vocab.tokenToId.get(String.fromCharCode(byte)) : undefined;
      if (byteId !== undefined) out.push(byteId);
    }
  }
}

/** Word -> ids; words repeat a lot in real text and merging is deterministic per word. */
const WORD_CACHE_LIMIT = 1 << 16;

export class BpeSession {
  private readonly cache = new Map<string, number[]>();

  constructor(private readonly vocab: Vocab) {}

  tokenize(text: string, out: number[]): void {
    const cpts = codepointsOf(text);
    const regexes = this.vocab.preTokenizer?.regexes ?? [];
    let at = 0;
    for (const length of regexSplit(cpts, regexes)) {
      const word = byteEncodeCodepoints(cpts, at, at + length);
      at += length;
      let ids = this.cache.get(word);
      if (!ids) {
        ids = [];
        mergeWord(this.vocab, word, ids);
        if (this.cache.size >= WORD_CACHE_LIMIT) this.cache.clear();
        this.cache.set(word, ids);
      }
      for (const id of ids) out.push(id);
    }
  }
}
