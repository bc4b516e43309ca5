export { supportedPreTokenizers } from './bpe/pre-tokenizers.ts';
export type { DecodeOptions, StreamDecoder } from './stream-decoder.ts';
export { type EncodeOptions, Tokenizer } from './tokenizer.ts';
export { UnsupportedTokenizerError, type Vocab, type VocabType } from './vocab.ts';
