import {
  ATTR_CONTROL,
  ATTR_LSTRIP,
  ATTR_NORMAL,
  ATTR_RSTRIP,
  ATTR_UNKNOWN,
  ATTR_USER_DEFINED,
} from './token-attrs.ts';

// llama.cpp finds several special tokens by their text and fixes up attributes that converters got wrong
// (the end of llama_vocab::impl::load). Where it walks an unordered_map we walk ids in order.

/** LLAMA_TOKEN_NULL. */
export const NO_TOKEN = -1;

export interface SpecialIds {
  bos: number;
  eos: number;
  eot: number;
  eom: number;
  unk: number;
  sep: number;
  pad: number;
  mask: number;
  fimPre: number;
  fimSuf: number;
  fimMid: number;
  fimPad: number;
  fimRep: number;
  fimSep: number;
}

export function noSpecialIds(): SpecialIds {
  return {
    bos: NO_TOKEN,
    eos: NO_TOKEN,
    eot: NO_TOKEN,
    eom: NO_TOKEN,
    unk: NO_TOKEN,
    sep: NO_TOKEN,
    pad: NO_TOKEN,
    mask: NO_TOKEN,
    fimPre: NO_TOKEN,
    fimSuf: NO_TOKEN,
    fimMid: NO_TOKEN,
    fimPad: NO_TOKEN,
    fimRep: NO_TOKEN,
    fimSep: NO_TOKEN,
  };
}

const DETECTED: [keyof SpecialIds, readonly string[]][] = [
  [
    'eot',
    [
      '<|eot_id|>',
      '<|im_end|>',
      '<|end|>',
      '<end_of_turn>',
      '<|endoftext|>',
      '<|end_of_text|>',
      '<EOT>',
      '_<EOT>',
      '[EOT]',
      '<｜end▁of▁sentence｜>',
      '<end_of_utterance>',
    ],
  ],
  ['eom', ['<|eom_id|>']],
  [
    'fimPre',
    [
      '<|fim_prefix|>',
      '<fim-prefix>',
      '<fim_prefix>',
      '<｜fim▁begin｜>',
      '<PRE>',
      '▁<PRE>',
      '<|code_prefix|>',
      '<|prefix|>',
    ],
  ],
  [
    'fimSuf',
    [
      '<|fim_suffix|>',
      '<fim-suffix>',
      '<fim_suffix>',
      '<｜fim▁hole｜>',
      '<SUF>',
      '▁<SUF>',
      '<|code_suffix|>',
      '<|suffix|>',
    ],
  ],
  [
    'fimMid',
    [
      '<|fim_middle|>',
      '<fim-middle>',
      '<fim_middle>',
      '<｜fim▁end｜>',
      '<MID>',
      '▁<MID>',
      '<|code_middle|>',
      '<|middle|>',
    ],
  ],
  ['fimPad', ['<|fim_pad|>', '<fim-pad>', '<fim_pad>', '<PAD>', '[PAD]']],
  ['fimRep', ['<|fim_repo|>', '<|repo_name|>', '<fim-repo>', '<REPO>', '<reponame>']],
  ['fimSep', ['<|file_sep|>']],
];

const EOG_TEXTS = new Set([
  '<|eot_id|>',
  '<|im_end|>',
  '<|end|>',
  '<|return|>',
  '<|call|>',
  '<|flush|>',
  '<|calls|>',
  '<end_of_turn>',
  '<|endoftext|>',
  '</s>',
  '<|eom_id|>',
  '<EOT>',
  '_<EOT>',
  '[EOT]',
  '[EOS]',
  '<|end_of_text|>',
  '<end_of_utterance>',
  '<eos>',
  '<turn|>',
  '<|tool_response>',
  '<｜end▁of▁sentence｜>',
  '[e~[',
]);

/** gpt-oss tokens that are always rendered. */
const ALWAYS_RENDERED = new Set(['<|channel|>', '<|message|>', '<|start|>', '<|constrain|>']);

/**
 * Detects EOT/EOM/FIM ids left unset, fixes attributes in place, sets the strip flags llama.cpp hard-codes per
 * model, and returns the end-of-generation set.
 */
export function applyTokenAttrOverrides(
  tokens: readonly string[],
  tokenToId: ReadonlyMap<string, number>,
  attrs: Uint16Array,
  ids: SpecialIds,
  modelName: string,
  pre: string,
): Set<number> {
  for (const [name, texts] of DETECTED) {
    if (ids[name] !== NO_TOKEN) continue;
    const id = tokens.findIndex((text) => texts.includes(text));
    if (id >= 0) {
      ids[name] = id;
      attrs[id]! |= ATTR_CONTROL;
    }
  }

  const eog = new Set<number>();
  for (const id of [ids.fimPad, ids.fimRep, ids.fimSep]) if (id !== NO_TOKEN) eog.add(id);
  tokens.forEach((text, id) => {
    if (EOG_TEXTS.has(text)) {
      eog.add(id);
      attrs[id]! |= ATTR_CONTROL;
    }
    if (ALWAYS_RENDERED.has(text)) attrs[id] = ATTR_USER_DEFINED;
  });
  for (const id of [ids.eos, ids.eot, ids.eom]) if (id !== NO_TOKEN) eog.add(id);

  const eogWith = (text: string) => [...eog].find((id) => tokens[id] === text);
  // o200k_harmony and solar-open: "<|end|>" ends a message, not the generation.
  const end = eogWith('<|end|>');
  const hasCall = eogWith('<|call|>') !== undefined || eogWith('<|calls|>') !== undefined;
  if (
    end !== undefined &&
    hasCall &&
    (eogWith('<|return|>') !== undefined || eogWith('<|flush|>') !== undefined)
  ) {
    eog.delete(end);
    attrs[end] = ATTR_USER_DEFINED;
  }
  // gemma4 and paddleocr: "</s>" is not an end of generation.
  const eosText = eogWith('</s>');
  if (eosText !== undefined && eogWith('<|tool_response>') !== undefined) {
    eog.delete(eosText);
    attrs[eosText] = ATTR_NORMAL;
  }

  setStripFlags(tokenToId, attrs, modelName.toLowerCase(), pre);
  return eog;
}

/** Per-model lstrip/rstrip flags that GGUF does not carry (end of llama_vocab::impl::load). */
function setStripFlags(
  tokenToId: ReadonlyMap<string, number>,
  attrs: Uint16Array,
  name: string,
  pre: string,
): void {
  const set = (text: string, flag: number, on: boolean) => {
    const id = tokenToId.get(text);
    if (id !== undefined) attrs[id] = on ? attrs[id]! | flag : attrs[id]! & ~flag;
  };
  if (['jina-v2-de', 'jina-v2-es', 'jina-v2-code'].some((p) => pre.includes(p))) {
    set('<mask>', ATTR_LSTRIP, true);
  } else if (name.includes('phi-3') || name.includes('phi3')) {
    attrs.forEach((attr, id) => {
      if (attr & (ATTR_CONTROL | ATTR_USER_DEFINED | ATTR_UNKNOWN)) attrs[id] = attr | ATTR_RSTRIP;
    });
    set('</s>', ATTR_RSTRIP, true);
    for (const text of ['<unk>', '<s>', '<|endoftext|>']) set(text, ATTR_RSTRIP, false);
  } else if (name.includes('modern-bert')) {
    set('[MASK]', ATTR_LSTRIP, true);
  }
}
