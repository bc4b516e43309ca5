import {
  codepointFlags,
  FLAG_ACCENT_MARK,
  FLAG_LETTER,
  FLAG_NUMBER,
  FLAG_PUNCTUATION,
  FLAG_SYMBOL,
  FLAG_WHITESPACE,
  MASK_CATEGORIES,
} from '../unicode/codepoint-flags.ts';
import { fromCodepoints } from '../unicode/utf8.ts';
import { splitGpt2, splitLlama3, splitQwen2 } from './split-custom.ts';

// unicode_regex_split from llama.cpp: each regex of a pre-tokenizer refines the previous split. The common
// regexes have hand-written splitters; the others run as regexes the way llama.cpp runs them under std::regex:
// with \p{..} classes, on a "collapsed" text where each codepoint becomes one byte standing for its category;
// without, on codepoints with non-ASCII whitespace turned into \v.

const GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)";
const LLAMA3_REGEXES = [
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
  "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+",
];
const QWEN2_REGEX =
  "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function customSplitter(regex: string) {
  if (regex === GPT2_REGEX) return splitGpt2;
  if (LLAMA3_REGEXES.includes(regex)) return splitLlama3;
  if (regex === QWEN2_REGEX) return splitQwen2;
  return undefined;
}

/** Each category's stand-in byte in the collapsed text, and what replaces \p{..} in the collapsed regex. */
const CATEGORIES: Record<string, { flag: number; byte: number; ascii: string }> = {
  '\\p{N}': { flag: FLAG_NUMBER, byte: 0xd1, ascii: '0-9' },
  '\\p{L}': { flag: FLAG_LETTER, byte: 0xd2, ascii: 'A-Za-z' },
  '\\p{P}': { flag: FLAG_PUNCTUATION, byte: 0xd3, ascii: '!-#%-*,-/:-;?-@\\[-\\]_\\{\\}' },
  '\\p{M}': { flag: FLAG_ACCENT_MARK, byte: 0xd4, ascii: '' },
  '\\p{S}': { flag: FLAG_SYMBOL, byte: 0xd5, ascii: '\\$\\+<->^`\\|\\~' },
  '\\p{Lu}': { flag: FLAG_LETTER, byte: 0xd2, ascii: 'A-Za-z' },
  '\\p{Ll}': { flag: FLAG_LETTER, byte: 0xd2, ascii: 'A-Za-z' },
  '\\p{Lt}': { flag: FLAG_LETTER, byte: 0xd2, ascii: 'A-Za-z' },
  '\\p{Lm}': { flag: FLAG_LETTER, byte: 0xd2, ascii: 'A-Za-z' },
  '\\p{Lo}': { flag: FLAG_LETTER, byte: 0xd2, ascii: 'A-Za-z' },
};
const COLLAPSED_WHITESPACE = 0x0b;
const COLLAPSED_OTHER = 0xd0;

const usesCategories = (regex: string) => Object.keys(CATEGORIES).some((name) => regex.includes(name));

function collapsedByte(cpt: number): number {
  if (cpt < 128) return cpt;
  const flags = codepointFlags(cpt);
  if (flags & FLAG_WHITESPACE) return COLLAPSED_WHITESPACE;
  const category = flags & MASK_CATEGORIES;
  for (const { flag, byte } of Object.values(CATEGORIES)) if (flag === category) return byte;
  return COLLAPSED_OTHER;
}

/** The regex with each \p{..} replaced by its stand-in byte plus the ASCII members of the category. */
function collapseRegex(regex: string): string {
  let out = '';
  let insideClass = false;
  for (let i = 0; i < regex.length; i++) {
    const c = regex[i]!;
    if (c === '[' && (i === 0 || regex[i - 1] !== '\\')) {
      insideClass = true;
      out += c;
      continue;
    }
    if (insideClass && c === ']' && regex[i - 1] !== '\\') {
      insideClass = false;
      out += c;
      continue;
    }
    if (c === '\\' && regex[i + 1] === 'p' && regex[i + 2] === '{') {
      const close = regex.indexOf('}', i + 3);
      const category = close >= 0 && close <= i + 10 ? CATEGORIES[regex.slice(i, close + 1)] : undefined;
      if (category) {
        const members = String.fromCharCode(category.byte) + category.ascii;
        out += insideClass ? members : `[${members}]`;
        i = close;
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** std::regex's \s is C isspace; JS's also takes in U+FEFF and Unicode spaces, so spell it out. */
function cLocaleWhitespace(regex: string): string {
  return regex.replace(/\\([sS])|\\.|\[(?:\\.|[^\]\\])*\]/g, (match, spaceClass: string | undefined) => {
    if (spaceClass === 's') return '[\\t\\n\\v\\f\\r ]';
    if (spaceClass === 'S') return '[^\\t\\n\\v\\f\\r ]';
    if (!match.startsWith('[')) return match;
    return match.replace(/\\.|[^\\]+/g, (part) => (part === '\\s' ? '\\t\\n\\v\\f\\r ' : part));
  });
}

interface CompiledRegex {
  regex: RegExp;
  collapsed: boolean;
}

const compiledCache = new Map<string, CompiledRegex>();

function compile(regex: string): CompiledRegex {
  let compiled = compiledCache.get(regex);
  if (!compiled) {
    const collapsed = usesCategories(regex);
    compiled = collapsed
      ? { regex: new RegExp(cLocaleWhitespace(collapseRegex(regex)), 'g'), collapsed }
      : { regex: new RegExp(cLocaleWhitespace(regex), 'gu'), collapsed };
    compiledCache.set(regex, compiled);
  }
  return compiled;
}

/** Splits each range with a regex; text between matches is kept as its own word, like unicode_regex_split_stl. */
function splitWithRegex(
  cpts: readonly number[],
  offsets: readonly number[],
  compiled: CompiledRegex,
): number[] {
  const words: number[] = [];
  let start = 0;
  for (const offset of offsets) {
    const range = cpts.slice(start, start + offset);
    start += offset;
    // Position in the searched string -> codepoint index (they differ only for astral codepoints).
    let text: string;
    let toCodepoint: (index: number) => number;
    if (compiled.collapsed) {
      text = fromCodepoints(range.map(collapsedByte));
      toCodepoint = (index) => index;
    } else {
      const mapped = range.map((c) =>
        c > 0x7f && codepointFlags(c) & FLAG_WHITESPACE ? COLLAPSED_WHITESPACE : c,
      );
      text = fromCodepoints(mapped);
      const index = new Int32Array(text.length + 1);
      let cpt = 0;
      for (let i = 0; i < text.length; i++) {
        index[i] = cpt;
        if (!(text.charCodeAt(i) >= 0xd800 && text.charCodeAt(i) <= 0xdbff)) cpt++;
      }
      index[text.length] = cpt;
      toCodepoint = (i) => index[i]!;
    }
    const regex = compiled.regex;
    regex.lastIndex = 0;
    let previous = 0;
    for (let match = regex.exec(text); match; match = regex.exec(text)) {
      if (match[0].length === 0) {
        // None of the supported regexes can match empty; step past it rather than loop.
        regex.lastIndex++;
        continue;
      }
      const from = toCodepoint(match.index);
      const to = toCodepoint(match.index + match[0].length);
      if (from > previous) words.push(from - previous);
      words.push(to - from);
      previous = to;
    }
    if (previous < offset) words.push(offset - previous);
  }
  return words;
}

/** Splits `cpts` into words with each regex in turn; returns the words' lengths in codepoints. */
export function regexSplit(cpts: readonly number[], regexes: readonly string[]): number[] {
  let offsets = [cpts.length];
  for (const regex of regexes) {
    const custom = customSplitter(regex);
    offsets = custom ? custom(cpts, offsets) : splitWithRegex(cpts, offsets, compile(regex));
  }
  return offsets;
}
