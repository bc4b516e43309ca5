export { supportedPreTokenizers } from './bpe/pre-tokenizers.ts';
export type { ChatPrompt, ChatTemplateOptions } from './chat/apply-chat-template.ts';
export type { ChatMessage } from './chat/builtin-templates.ts';
export { detectChatTemplate } from './chat/detect-template.ts';
export { isHiddenSpecial } from './pieces.ts';
export type { DecodeOptions, StreamDecoder } from './stream-decoder.ts';
export { type EncodeOptions, Tokenizer } from './tokenizer.ts';
export { BYTE_TO_CHAR } from './unicode/byte-encoding.ts';
export { UnsupportedTokenizerError, type Vocab, type VocabType } from './vocab.ts';
