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
  '\\s?[A-Za-zµÀ-ÖØ-öø-ƺƼ-ƿǄ-ʓʕ-ʯͰ-ͳͶͷͻ-ͽͿΆΈ-ΊΌΎ-ΡΣ-ϵϷ-ҁҊ-ԯԱ-ՖႠ-ჅᎠ-Ᏽᏸ-ᏽᲐ-ᲺᲽ-Ჿᴀ-ᴫᵫ-ᵷᵹ-ᶚḀ-ἕἘ-Ἕἠ-ὅὈ-Ὅὐ-ὗὙὛὝὟ-ώᾀ-ᾴᾶ-ᾼιῂ-ῄῆ-ῌῐ-ΐῖ-Ίῠ-Ῥῲ-ῴῶ-ῼℂℇℊ-ℓℕℙ-ℝℤΩℨK-ℭℯ-ℴℹℼ-ℿⅅ-ⅉⅎↃↄⰀ-ⱻⱾ-ⳤⳫ-ⳮⳲⳳꙀ-ꙭꚀ-ꚛꜢ-ꝯꝱ-ꞇꞋ-ꞎꭰ-ꮿﬀ-ﬆﬓ-ﬗＡ-Ｚａ-ｚ𐐀-𐑏𐒰-𐓓𐓘-𐓻𐲀-𐲲𐳀-𐳲𑢠-𑣟𞤀-𞥃]+',
  '\\s?[!-/:-~！-／：-～‘-‟　-。]+',
  '\\s+$',
  '[一-龥ࠀ-一가-퟿]+',
  '\\p{N}+',
];
const DEEPSEEK_CODER = ['[\r\n]', '\\s?\\p{L}+', '\\s?\\p{P}+', '[一-龥ࠀ-一가-퟿]+', '\\p{N}'];
const DEEPSEEK3 = [
  '\\p{N}{1,3}',
  '[一-龥぀-ゟ゠-ヿ]+',
  "[!\"#$%&'()*+,\\-./:;<=>?@\\[\\\\\\]^_`{|}~][A-Za-z]+|[^\r\n\\p{L}\\p{P}\\p{S}]?[\\p{L}\\p{M}]+| ?[\\p{P}\\p{S}]+[\r\n]*|\\s*[\r\n]+|\\s+(?!\\S)|\\s+",
];
const PORO = [' ?[^(\\s|.,!?…。，、।۔،)]+'];
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

const plain = (regexes: readonly string[]): PreTokenizer => ({ regexes, cleanSpaces: true, ignoreMerges: false });
const raw = (regexes: readonly string[]): PreTokenizer => ({ regexes, cleanSpaces: false, ignoreMerges: false });

const TABLE: [names: string[], pre: PreTokenizer][] = [
  [['', 'default'], plain(DEFAULT)],
  [
    ['llama3', 'llama-v3', 'llama-bpe', 'falcon3', 'falcon-h1', 'pixtral', 'midm-2.0', 'lfm2', 'jina-v5-nano'],
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
