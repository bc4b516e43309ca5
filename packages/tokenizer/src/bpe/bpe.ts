import { mergeSymbols } from '../merge-symbols.ts';
import { byteEncodeCodepoints } from '../unicode/byte-encoding.ts';
import { codepointsOf, utf8Bytes } from '../unicode/utf8.ts';
import { mergeKey, type Vocab } from '../vocab.ts';
import { WordCache } from '../word-cache.ts';
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
  const start = Array.from({ length: word.length }, (_, i) => i);
  const length = new Array<number>(word.length).fill(1);
  const rank = (left: number, right: number) =>
    vocab.bpeRanks.get(mergeKey(word.substr(left, length[left]!), word.substr(right, length[right]!)));
  for (const piece of mergeSymbols(word, start, length, rank)) {
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

export class BpeSession {
  private readonly words: WordCache;

  constructor(private readonly vocab: Vocab) {
    this.words = new WordCache((word, out) => mergeWord(vocab, word, out));
  }

  tokenize(text: string, out: number[]): void {
    const cpts = codepointsOf(text);
    const regexes = this.vocab.preTokenizer?.regexes ?? [];
    let at = 0;
    for (const length of regexSplit(cpts, regexes)) {
      const word = byteEncodeCodepoints(cpts, at, at + length);
      at += length;
      this.words.append(word, out);
    }
  }
}
