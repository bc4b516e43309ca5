import {
  expectString,
  expectStringArray,
  type GgufValue,
  getArray,
  getBool,
  getNumber,
  getString,
  getStringArray,
} from '@wgllm/gguf';
import { type PreTokenizer, preTokenizerFor } from './bpe/pre-tokenizers.ts';
import {
  applyTokenAttrOverrides,
  NO_TOKEN,
  noSpecialIds,
  type SpecialIds,
} from './special-token-detection.ts';
import {
  ATTR_CONTROL,
  ATTR_NORMAL,
  ATTR_UNKNOWN,
  ATTR_USER_DEFINED,
  attrFromTokenType,
} from './token-attrs.ts';
import { utf8Length } from './unicode/utf8.ts';

export { NO_TOKEN } from './special-token-detection.ts';

// The vocabulary as llama.cpp loads it (llama_vocab::impl::load), from GGUF metadata alone.

export type VocabType = 'spm' | 'bpe' | 'wpm';

export interface Vocab extends SpecialIds {
  type: VocabType;
  /** tokenizer.ggml.model and tokenizer.ggml.pre ('' when absent). */
  model: string;
  pre: string;
  tokens: readonly string[];
  scores: Float32Array;
  attrs: Uint16Array;
  /** Text -> id; for duplicate texts the last id wins, as in llama.cpp. */
  tokenToId: ReadonlyMap<string, number>;
  /** Longest token, in UTF-8 bytes. */
  maxTokenBytes: number;
  /** End-of-generation tokens. */
  eog: ReadonlySet<number>;
  addBos: boolean;
  addEos: boolean;
  /** llama_vocab_get_add_sep: for callers that join two texts (rerankers); encode() does not use it. */
  addSep: boolean;
  addSpacePrefix: boolean;
  /** clean_up_tokenization_spaces when decoding. */
  cleanSpaces: boolean;
  /** WordPiece normalizer. */
  lowercase: boolean;
  stripAccents: boolean;
  /** Byte-level BPE only. */
  preTokenizer: PreTokenizer | undefined;
  /** `first \0 second` -> merge rank; the first of duplicate merges wins. */
  bpeRanks: ReadonlyMap<string, number>;
  /** Control, user-defined and unknown tokens, longest first: matched in text before tokenizing. */
  specialTokens: readonly number[];
}

export class UnsupportedTokenizerError extends Error {
  override name = 'UnsupportedTokenizerError';
}

type Metadata = Map<string, GgufValue>;

export const mergeKey = (first: string, second: string) => `${first}\u0000${second}`;

function readMerges(merges: readonly string[]): Map<string, number> {
  const ranks = new Map<string, number>();
  merges.forEach((merge, rank) => {
    // Split at the first space after the first character, like llama.cpp (an unsplittable merge is ("", "")).
    const at = merge.indexOf(' ', 1);
    const key = at < 0 ? mergeKey('', '') : mergeKey(merge.slice(0, at), merge.slice(at + 1));
    if (!ranks.has(key)) ranks.set(key, rank);
  });
  return ranks;
}

function numericArray(metadata: Metadata, key: string, length: number): ArrayLike<number> | undefined {
  const array = getArray({ metadata }, key);
  if (array === undefined) return undefined;
  if (!(array instanceof Float32Array || array instanceof Int32Array)) {
    throw new UnsupportedTokenizerError(`${key} must be an f32 or i32 array`);
  }
  if (array.length < length) throw new UnsupportedTokenizerError(`${key} has fewer entries than tokens`);
  return array;
}

/** Model-type defaults that the GGUF keys then override. */
function modelDefaults(model: string) {
  switch (model) {
    case 'llama':
      return { type: 'spm' as const, bos: 1, eos: 2, unk: 0, sep: NO_TOKEN, pad: NO_TOKEN, mask: NO_TOKEN };
    case 'bert':
      return { type: 'wpm' as const, bos: 101, eos: NO_TOKEN, unk: 100, sep: 102, pad: 0, mask: 103 };
    case 'gpt2':
      return {
        type: 'bpe' as const,
        bos: 11,
        eos: 11,
        unk: NO_TOKEN,
        sep: NO_TOKEN,
        pad: NO_TOKEN,
        mask: NO_TOKEN,
      };
    default:
      throw new UnsupportedTokenizerError(`unsupported tokenizer model '${model}'`);
  }
}

export function loadVocab(metadata: Metadata): Vocab {
  const header = { metadata };
  const model = expectString(header, 'tokenizer.ggml.model');
  const pre = getString(header, 'tokenizer.ggml.pre') ?? '';
  const defaults = modelDefaults(model);
  const type = defaults.type;

  let preTokenizer: PreTokenizer | undefined;
  let bpeRanks = new Map<string, number>();
  let addBos = type !== 'bpe';
  let addSep = type === 'wpm';
  let addSpacePrefix = type === 'spm';
  let cleanSpaces = type !== 'spm';
  let bos = defaults.bos;
  if (type === 'bpe') {
    preTokenizer = preTokenizerFor(pre);
    if (!preTokenizer) throw new UnsupportedTokenizerError(`unsupported pre-tokenizer '${pre}'`);
    const merges = getStringArray(header, 'tokenizer.ggml.merges');
    if (!merges) throw new UnsupportedTokenizerError('cannot find tokenizer merges');
    bpeRanks = readMerges(merges);
    cleanSpaces = preTokenizer.cleanSpaces;
    if (preTokenizer.addBos) addBos = true;
    if (preTokenizer.addSep) addSep = true;
    if (preTokenizer.noBosToken) bos = NO_TOKEN;
  }
  addSpacePrefix = getBool(header, 'tokenizer.ggml.add_space_prefix') ?? addSpacePrefix;

  const texts = expectStringArray(header, 'tokenizer.ggml.tokens');
  const n = texts.length;
  const scoreValues = numericArray(metadata, 'tokenizer.ggml.scores', n);
  const tokenTypes = getArray(header, 'tokenizer.ggml.token_type');
  if (tokenTypes !== undefined && !(tokenTypes instanceof Int32Array && tokenTypes.length >= n)) {
    throw new UnsupportedTokenizerError(
      'tokenizer.ggml.token_type must be an i32 array covering every token',
    );
  }
  const tokens: string[] = new Array(n);
  const scores = new Float32Array(n);
  const attrs = new Uint16Array(n);
  const tokenToId = new Map<string, number>();
  const tokenBytes = new Uint32Array(n);
  for (let id = 0; id < n; id++) {
    const text = texts[id] || `[EMPTY_${id}]`;
    tokens[id] = text;
    tokenToId.set(text, id);
    let bytes = 0;
    for (const char of text) bytes += utf8Length(char.codePointAt(0)!);
    tokenBytes[id] = bytes;
    scores[id] = scoreValues?.[id] ?? 0;
    attrs[id] = tokenTypes ? attrFromTokenType(tokenTypes[id]!) : ATTR_NORMAL;
  }

  const ids: SpecialIds = {
    ...noSpecialIds(),
    bos,
    eos: defaults.eos,
    unk: defaults.unk,
    sep: defaults.sep,
    pad: defaults.pad,
    mask: defaults.mask,
  };
  for (const [name, key] of SPECIAL_ID_KEYS) {
    if (ids[name] >= n) ids[name] = NO_TOKEN;
    const value = getNumber(header, key);
    if (value !== undefined && Number.isInteger(value) && value >= 0 && value < n) ids[name] = value;
  }
  const addBosKey = getBool(header, 'tokenizer.ggml.add_bos_token');
  const addEosKey = getBool(header, 'tokenizer.ggml.add_eos_token');
  const addSepKey = getBool(header, 'tokenizer.ggml.add_sep_token');
  const lowercase = getBool(header, 'tokenizer.ggml.normalizer.lowercase') ?? true;
  const eog = applyTokenAttrOverrides(
    tokens,
    tokenToId,
    attrs,
    ids,
    getString(header, 'general.name') ?? '',
    pre,
  );

  const specialTokens: number[] = [];
  for (let id = 0; id < n; id++) {
    if (attrs[id]! & (ATTR_CONTROL | ATTR_USER_DEFINED | ATTR_UNKNOWN)) specialTokens.push(id);
  }
  // Longest in bytes first; stable, so equal lengths keep id order (std::sort leaves that unspecified).
  specialTokens.sort((a, b) => tokenBytes[b]! - tokenBytes[a]!);

  return {
    ...ids,
    type,
    model,
    pre,
    tokens,
    scores,
    attrs,
    tokenToId,
    maxTokenBytes: tokenBytes.reduce((max, bytes) => Math.max(max, bytes), 0),
    eog,
    addBos: addBosKey ?? addBos,
    addEos: addEosKey ?? false,
    addSep: addSepKey ?? addSep,
    addSpacePrefix,
    cleanSpaces,
    lowercase,
    stripAccents: getBool(header, 'tokenizer.ggml.normalizer.strip_accents') ?? lowercase,
    preTokenizer,
    bpeRanks,
    specialTokens,
  };
}

const SPECIAL_ID_KEYS: [keyof SpecialIds, string][] = [
  ['bos', 'tokenizer.ggml.bos_token_id'],
  ['eos', 'tokenizer.ggml.eos_token_id'],
  ['eot', 'tokenizer.ggml.eot_token_id'],
  ['eom', 'tokenizer.ggml.eom_token_id'],
  ['unk', 'tokenizer.ggml.unknown_token_id'],
  ['sep', 'tokenizer.ggml.seperator_token_id'],
  ['pad', 'tokenizer.ggml.padding_token_id'],
  ['mask', 'tokenizer.ggml.mask_token_id'],
  ['fimPre', 'tokenizer.ggml.fim_pre_token_id'],
  ['fimSuf', 'tokenizer.ggml.fim_suf_token_id'],
  ['fimMid', 'tokenizer.ggml.fim_mid_token_id'],
  ['fimPad', 'tokenizer.ggml.fim_pad_token_id'],
  ['fimRep', 'tokenizer.ggml.fim_rep_token_id'],
  ['fimSep', 'tokenizer.ggml.fim_sep_token_id'],
  ['fimPre', 'tokenizer.ggml.prefix_token_id'],
  ['fimSuf', 'tokenizer.ggml.suffix_token_id'],
  ['fimMid', 'tokenizer.ggml.middle_token_id'],
];
