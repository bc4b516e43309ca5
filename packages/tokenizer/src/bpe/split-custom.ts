import { codepointFlags, FLAG_LETTER, FLAG_NUMBER, FLAG_WHITESPACE } from '../unicode/codepoint-flags.ts';

// Hand-written splitters that llama.cpp uses instead of std::regex for its most common pre-tokenizer regexes
// (unicode_regex_split_custom_gpt2 / _llama3 / _qwen2). Ported step by step: their corner cases are the
// reference behaviour, not the regex they approximate.

const OUT_OF_RANGE = -1;

/** Splits each [start, start+length) range of `cpts` into word lengths. */
type CustomSplitter = (cpts: readonly number[], offsets: readonly number[]) => number[];

function forEachRange(
  cpts: readonly number[],
  offsets: readonly number[],
  split: (
    cpt: (pos: number) => number,
    flags: (pos: number) => number,
    ini: number,
    end: number,
    add: (end: number) => number,
  ) => void,
): number[] {
  const words: number[] = [];
  let start = 0;
  for (const offset of offsets) {
    const ini = start;
    const end = start + offset;
    start = end;
    const cpt = (pos: number) => (ini <= pos && pos < end ? cpts[pos]! : OUT_OF_RANGE);
    const flags = (pos: number) => (ini <= pos && pos < end ? codepointFlags(cpts[pos]!) : 0);
    let prevEnd = ini;
    const add = (to: number) => {
      const len = to - prevEnd;
      if (len > 0) words.push(len);
      prevEnd = to;
      return len;
    };
    split(cpt, flags, ini, end, add);
  }
  return words;
}

/**
 * The last alternatives of every splitter, `\s+(?!\S)|\s+` then any single codepoint, at pos where a run of
 * `spaces` whitespace codepoints starts (0: none): where that piece ends.
 */
function whitespaceEnd(cpt: (pos: number) => number, pos: number, spaces: number): number {
  if (spaces > 1 && cpt(pos + spaces) !== OUT_OF_RANGE) return pos + spaces - 1; // leave one for the next word
  if (spaces > 0) return pos + spaces;
  return pos + 1;
}

const isLetter = (f: number) => (f & FLAG_LETTER) !== 0;
const isNumber = (f: number) => (f & FLAG_NUMBER) !== 0;
const isSpace = (f: number) => (f & FLAG_WHITESPACE) !== 0;
const isOther = (f: number) => (f & (FLAG_WHITESPACE | FLAG_LETTER | FLAG_NUMBER)) === 0 && f !== 0;
const SPACE = 0x20;
const CR = 0x0d;
const LF = 0x0a;
const APOSTROPHE = 0x27;
const ch = (c: string) => c.charCodeAt(0);

/** Length of a contraction ('s 't 're 've 'm 'll 'd) at pos, or 0. llama3/qwen2 match it case-insensitively. */
function contractionLength(
  cpt: (pos: number) => number,
  pos: number,
  end: number,
  caseless: boolean,
): number {
  if (cpt(pos) !== APOSTROPHE || pos + 1 >= end) return 0;
  // Only ASCII capitals lowercase to these letters, so ASCII folding equals unicode_tolower here.
  const lower = (c: number) => (caseless && c >= 0x41 && c <= 0x5a ? c + 32 : c);
  const next = lower(cpt(pos + 1));
  if (next === ch('s') || next === ch('t') || next === ch('m') || next === ch('d')) return 2;
  if (pos + 2 < end) {
    const nextNext = lower(cpt(pos + 2));
    if (
      (next === ch('r') && nextNext === ch('e')) ||
      (next === ch('v') && nextNext === ch('e')) ||
      (next === ch('l') && nextNext === ch('l'))
    ) {
      return 3;
    }
  }
  return 0;
}

// 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+
export const splitGpt2: CustomSplitter = (cpts, offsets) =>
  forEachRange(cpts, offsets, (cpt, flags, ini, end, add) => {
    for (let pos = ini; pos < end; ) {
      const c = cpt(pos);
      const contraction = contractionLength(cpt, pos, end, false);
      if (contraction > 0) {
        pos += add(pos + contraction);
        continue;
      }
      let flags2 = c === SPACE ? flags(pos + 1) : flags(pos);
      if (isLetter(flags2) || isNumber(flags2) || isOther(flags2)) {
        const same = isLetter(flags2) ? isLetter : isNumber(flags2) ? isNumber : isOther;
        pos += c === SPACE ? 1 : 0;
        while (same(flags2)) flags2 = flags(++pos);
        add(pos);
        continue;
      }
      let spaces = 0;
      while (isSpace(flags(pos + spaces))) spaces++;
      pos = whitespaceEnd(cpt, pos, spaces);
      add(pos);
    }
  });

// llama3: (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// qwen2 is the same with \p{N} instead of \p{N}{1,3}.
function splitLlama3Like(maxDigits: number): CustomSplitter {
  return (cpts, offsets) =>
    forEachRange(cpts, offsets, (cpt, flags, ini, end, add) => {
      for (let pos = ini; pos < end; ) {
        const c = cpt(pos);
        const f = flags(pos);
        const contraction = contractionLength(cpt, pos, end, true);
        if (contraction > 0) {
          pos += add(pos + contraction);
          continue;
        }
        if (!(c === CR || c === LF || isNumber(f)) && (isLetter(f) || isLetter(flags(pos + 1)))) {
          pos++;
          while (isLetter(flags(pos))) pos++;
          add(pos);
          continue;
        }
        if (isNumber(f)) {
          let groupStart = pos;
          while (isNumber(flags(pos))) {
            if (++pos - groupStart >= maxDigits) {
              add(pos);
              groupStart = pos;
            }
          }
          add(pos);
          continue;
        }
        let flags2 = c === SPACE ? flags(pos + 1) : f;
        // llama.cpp tests the current codepoint's flags (not flags2) for "is defined" here, so a lone space at
        // the end of a range also takes this branch.
        if ((flags2 & (FLAG_WHITESPACE | FLAG_LETTER | FLAG_NUMBER)) === 0 && f !== 0) {
          pos += c === SPACE ? 1 : 0;
          while (isOther(flags2)) flags2 = flags(++pos);
          let c2 = cpt(pos);
          while (c2 === CR || c2 === LF) c2 = cpt(++pos);
          add(pos);
          continue;
        }
        let spaces = 0;
        let lastEndOfLine = 0;
        while (isSpace(flags(pos + spaces))) {
          const c2 = cpt(pos + spaces);
          if (c2 === CR || c2 === LF) lastEndOfLine = pos + spaces + 1;
          spaces++;
        }
        if (lastEndOfLine > 0) {
          pos = lastEndOfLine;
          add(pos);
          continue;
        }
        pos = whitespaceEnd(cpt, pos, spaces);
        add(pos);
      }
    });
}

export const splitLlama3 = splitLlama3Like(3);
export const splitQwen2 = splitLlama3Like(1);
