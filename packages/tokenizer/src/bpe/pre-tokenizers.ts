// llama.cpp's byte-level BPE pre-tokenizers (llm_tokenizer_bpe and the tokenizer.ggml.pre switch in
// llama_vocab::impl::load). Regex strings are kept byte-for-byte as llama.cpp writes them: the common ones
// select hand-written splitters by string equality.

export interface PreTokenizer {
  /** Applied in order, each splitting the words of the previous one. */
  regexes: readonly string[];
  /** clean_up_tokenization_spaces applied when decoding. */
  cleanSpaces: boolean;
  /** A word that is already a token is not merged (llama3 and a few others). */
  ignoreMerges: boolean;
  /** Overrides of the model-type defaults, before the GGUF keys are applied. */
  addBos?: true;
  addSep?: true;
  noBosToken?: true;
}

const CONTRACTIONS = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])";
const GPT2 = ["'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)"];
const DEFAULT = ['[\\p{P}\\$\\+<=>\\^~\\|]+', GPT2[0]!, '\\p{N}+', '[0-9][0-9][0-9]'];
const LLAMA3 = [
  `${CONTRACTIONS}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`,
];
const QWEN2 = [
  `${CONTRACTIONS}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`,
];
const STARCODER = ['\\p{N}', GPT2[0]!];
const FALCON = ['[\\p{P}\\$\\+<=>\\^~\\|`]+', GPT2[0]!, '[0-9][0-9][0-9]'];
const DEEPSEEK_LLM = [
  '[\r\n]',
  '\\s?[A-Za-z\u00b5\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u01ba\u01bc-\u01bf\u01c4-\u0293\u0295-\u02af\u0370-\u0373\u0376\u0377\u037b-\u037d\u037f\u0386\u0388-\u038a\u038c\u038e-\u03a1\u03a3-\u03f5\u03f7-\u0481\u048a-\u052f\u0531-\u0556\u10a0-\u10c5\u13a0-\u13f5\u13f8-\u13fd\u1c90-\u1cba\u1cbd-\u1cbf\u1d00-\u1d2b\u1d6b-\u1d77\u1d79-\u1d9a\u1e00-\u1f15\u1f18-\u1f1d\u1f20-\u1f45\u1f48-\u1f4d\u1f50-\u1f57\u1f59\u1f5b\u1f5d\u1f5f-\u1f7d\u1f80-\u1fb4\u1fb6-\u1fbc\u1fbe\u1fc2-\u1fc4\u1fc6-\u1fcc\u1fd0-\u1fd3\u1fd6-\u1fdb\u1fe0-\u1fec\u1ff2-\u1ff4\u1ff6-\u1ffc\u2102\u2107\u210a-\u2113\u2115\u2119-\u211d\u2124\u2126\u2128\u212a-\u212d\u212f-\u2134\u2139\u213c-\u213f\u2145-\u2149\u214e\u2183\u2184\u2c00-\u2c7b\u2c7e-\u2ce4\u2ceb-\u2cee\u2cf2\u2cf3\ua640-\ua66d\ua680-\ua69b\ua722-\ua76f\ua771-\ua787\ua78b-\ua78e\uab70-\uabbf\ufb00-\ufb06\ufb13-\ufb17\uff21-\uff3a\uff41-\uff5a\u{10400}-\u{1044f}\u{104b0}-\u{104d3}\u{104d8}-\u{104fb}\u{10c80}-\u{10cb2}\u{10cc0}-\u{10cf2}\u{118a0}-\u{118df}\u{1e900}-\u{1e943}]+',
  '\\s?[!-/:-~\uff01-\uff0f\uff1a-\uff5e\u2018-\u201f\u3000-\u3002]+',
  '\\s+$',
  '[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+',
  '\\p{N}+',
];
const DEEPSEEK_CODER = [
  '[\r\n]',
  '\\s?\\p{L}+',
  '\\s?\\p{P}+',
  '[\u4e00-\u9fa5\u0800-\u4e00\uac00-\ud7ff]+',
  '\\p{N}',
];
const DEEPSEEK3 = [
  '\\p{N}{1,3}',
  '[\u4e00-\u9fa5\u3040-\u309f\u30a0-\u30ff]+',
  '[!"#$%&\'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+',
];
const PORO = [' ?[^(\\s|.,!?\u2026\u3002\uff0c\u3001\u0964\u06d4\u060c)]+'];
const GPT4O = [
  `[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+${CONTRACTIONS}?|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*${CONTRACTIONS}?|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`,
];
const TEKKEN = [
  '[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))*((?=[\\p{L}])([^A-Z]))+|[^\\r\\n\\p{L}\\p{N}]?((?=[\\p{L}])([^a-z]))+((?=[\\p{L}])([^A-Z]))*|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+',
];
const SEED_CODER = [
  `${CONTRACTIONS}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1}| ?[^\\s\\p{L}\\p{N}\\r\\n]+|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`,
];
const CHAMELEON = [
  '<sentinel:[0-9]+>',
  '(IMGIMG)((A|B|C|D|E|F|G|H|I){1,4})Z',
  '([\\t\\n]|    |  )',
  '\\p{N}',
  '[\\p{P}!-/:-@\\[-`{-~]',
  GPT2[0]!,
];
const BAILINGMOE = [
  "'(?:[sSdDmMtT]|[lL][lL]|[vV][eE]|[rR][eE])|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]|\\s+(?!\\S)|\\s+",
];
const MINICPM5 = [
  '\\p{N}{1,3}',
  `${CONTRACTIONS}|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}+| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`,
];

const plain = (regexes: readonly string[]): PreTokenizer => ({
  regexes,
  cleanSpaces: true,
  ignoreMerges: false,
});
const raw = (regexes: readonly string[]): PreTokenizer => ({
  regexes,
  cleanSpaces: false,
  ignoreMerges: false,
});

const TABLE: [names: string[], pre: PreTokenizer][] = [
  [['', 'default'], plain(DEFAULT)],
  [
    [
      'llama3',
      'llama-v3',
      'llama-bpe',
      'falcon3',
      'falcon-h1',
      'pixtral',
      'midm-2.0',
      'lfm2',
      'jina-v5-nano',
    ],
    { ...plain(LLAMA3), ignoreMerges: true, addBos: true },
  ],
  [['deepseek-llm'], raw(DEEPSEEK_LLM)],
  [['deepseek-coder'], raw(DEEPSEEK_CODER)],
  [['deepseek-v3', 'hunyuan-dense', 'joyai-llm'], raw(DEEPSEEK3)],
  [['falcon'], plain(FALCON)],
  [
    [
      'mpt',
      'olmo',
      'jais',
      'exaone4',
      'gpt-2',
      'phi-2',
      'jina-es',
      'jina-de',
      'gigachat',
      'jina-v2-es',
      'jina-v2-de',
      'a.x-4.0',
      'mellum',
      'modern-bert',
    ],
    plain(GPT2),
  ],
  [['jina-v1-en', 'jina-v2-code', 'roberta-bpe'], { ...plain(GPT2), addSep: true }],
  [['trillion', 'granite-docling'], raw(GPT2)],
  [['starcoder', 'refact', 'codeshell', 'exaone', 'minerva-7b', 'mellum2'], plain(STARCODER)],
  [['command-r', 'smollm'], raw(STARCODER)],
  [['qwen2', 'deepseek-r1-qwen', 'kormo', 'f2llmv2', 'hunyuan', 'solar-open'], raw(QWEN2)],
  [['megrez', 'stablelm2'], plain(QWEN2)],
  [['dbrx', 'smaug-bpe'], plain(LLAMA3)],
  [['glm4', 'chatglm-bpe'], { ...plain(LLAMA3), noBosToken: true }],
  [['poro-chat'], raw(PORO)],
  [['bloom', 'gpt3-finnish'], plain(PORO)],
  [['viking'], raw([...PORO, '\\p{N}'])],
  [['tekken'], { ...raw(TEKKEN), ignoreMerges: true, addBos: true }],
  [['chameleon'], { ...raw(CHAMELEON), addBos: true }],
  [['gpt-4o', 'llama4', 'kanana2', 'talkie', 'minimax-m2'], raw(GPT4O)],
  [['seed-coder'], raw(SEED_CODER)],
  [['grok-2'], raw(QWEN2)],
  [['bailingmoe', 'bailingmoe2', 'llada-moe'], raw(BAILINGMOE)],
  [['minicpm5'], { ...plain(MINICPM5), ignoreMerges: true }],
];

const BY_NAME = new Map(TABLE.flatMap(([names, pre]) => names.map((name) => [name, pre] as const)));

/** The pre-tokenizer for a `tokenizer.ggml.pre` value ('' when absent), or undefined if we do not support it. */
export function preTokenizerFor(name: string): PreTokenizer | undefined {
  return BY_NAME.get(name);
}

export function supportedPreTokenizers(): string[] {
  return [...BY_NAME.keys()].filter((name) => name !== '');
}
