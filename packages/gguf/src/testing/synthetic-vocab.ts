// A SentencePiece-style vocabulary of any size for synthetic models: llama.cpp needs one to load a file,
// our engine only for text prompts (the bench and runtime tests feed token ids). Layout as in llama's SPM vocab:
// <unk>, <s>, </s>, the 256 byte tokens, then made-up pieces.
import { type GgufMetadataInput, ggufValue } from '../write-value.ts';

/** First id that is an ordinary text piece (what prompts are drawn from). */
export const FIRST_TEXT_ID = 259;
export const BOS_ID = 1;
export const EOS_ID = 2;

// llama_token_type values.
const NORMAL = 1;
const UNKNOWN = 2;
const CONTROL = 3;
const BYTE = 6;

export function syntheticVocab(size: number): Record<string, GgufMetadataInput> {
  const tokens: string[] = ['<unk>', '<s>', '</s>'];
  const types = new Int32Array(size);
  types.set([UNKNOWN, CONTROL, CONTROL]);
  for (let byte = 0; byte < 256; byte++) {
    types[tokens.length] = BYTE;
    tokens.push(`<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`);
  }
  while (tokens.length < size) {
    types[tokens.length] = NORMAL;
    tokens.push(`\u2581t${tokens.length.toString(36)}`);
  }
  const scores = new Float32Array(size);
  for (let i = 0; i < size; i++) scores[i] = -i;
  return {
    'tokenizer.ggml.model': 'llama',
    'tokenizer.ggml.tokens': tokens,
    'tokenizer.ggml.scores': scores,
    'tokenizer.ggml.token_type': types,
    'tokenizer.ggml.bos_token_id': ggufValue.u32(BOS_ID),
    'tokenizer.ggml.eos_token_id': ggufValue.u32(EOS_ID),
    'tokenizer.ggml.unknown_token_id': ggufValue.u32(0),
  };
}
