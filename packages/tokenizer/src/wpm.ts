import {
  codepointFlags,
  FLAG_ACCENT_MARK,
  FLAG_CONTROL,
  FLAG_PUNCTUATION,
  FLAG_SYMBOL,
  FLAG_WHITESPACE,
  nfdCodepoint,
  toLowerCodepoint,
} from './unicode/codepoint-flags.ts';
import { codepointsOf, utf8Length } from './unicode/utf8.ts';
import type { Vocab } from './vocab.ts';

// WordPiece (llm_tokenizer_wpm): BERT-style normalization and splitting, then greedy longest-match per word,
// with a U+2581 "phantom space" in front of every word (the GGUF converter's form of BERT's "##").

const PHANTOM_SPACE = '\u2581';

// BertPreTokenizer's CJK ranges as llama.cpp has them (one range follows the HF Rust code, not Unicode).
const CHINESE_RANGES: [number, number][] = [
  [0x04e00, 0x09fff],
  [0x03400, 0x04dbf],
  [0x20000, 0x2a6df],
  [0x2a700, 0x2b73f],
  [0x2b740, 0x2b81f],
  [0x2b920, 0x2ceaf],
  [0x0f900, 0x0faff],
  [0x2f800, 0x2fa1f],
];

const isChinese = (cpt: number) => CHINESE_RANGES.some(([lo, hi]) => cpt >= lo && cpt <= hi);

/** Normalized words, each as codepoints. */
function splitWords(vocab: Vocab, text: string): number[][] {
  const words: number[][] = [[]];
  const current = () => words[words.length - 1]!;
  for (let cpt of codepointsOf(text)) {
    if (vocab.stripAccents) cpt = nfdCodepoint(cpt);
    const flags = codepointFlags(cpt);
    if (flags & FLAG_WHITESPACE) {
      if (current().length > 0) words.push([]);
      continue;
    }
    if (cpt === 0 || cpt === 0xfffd || flags & FLAG_CONTROL) continue;
    if (vocab.stripAccents && flags & FLAG_ACCENT_MARK) continue;
    const out = vocab.lowercase ? toLowerCodepoint(cpt) : cpt;
    if (flags & FLAG_PUNCTUATION || (cpt < 0x7f && flags & FLAG_SYMBOL) || isChinese(cpt)) {
      if (current().length > 0) words.push([]);
      current().push(out);
      words.push([]);
    } else {
      current().push(out);
    }
  }
  return words.filter((word) => word.length > 0);
}

export function tokenizeWpm(vocab: Vocab, text: string, out: number[]): void {
  for (const word of splitWords(vocab, text)) {
    const chars = [PHANTOM_SPACE, ...word.map((cpt) => String.fromCodePoint(cpt))];
    // Byte offset of each character boundary: llama.cpp bounds matches by max_token_len in bytes.
    const offsets = [0];
    for (const char of chars) offsets.push(offsets[offsets.length - 1]! + utf8Length(char.codePointAt(0)!));
    const before = out.length;
    for (let i = 0; i < chars.length; ) {
      let end = chars.length;
      while (end > i && offsets[end]! - offsets[i]! > vocab.maxTokenBytes + 1) end--;
      let matched = false;
      for (; end > i; end--) {
        const id = vocab.tokenToId.get(chars.slice(i, end).join(''));
        if (id !== undefined) {
          out.push(id);
          matched = true;
          i = end;
          break;
        }
      }
      if (!matched) {
        out.length = before;
        break;
      }
    }
    if (out.length === before) out.push(vocab.unk);
  }
}
