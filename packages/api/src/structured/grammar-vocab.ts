// The vocabulary as XGrammar takes it: each token's bytes exactly as our detokenizer emits them, written in
// GPT-2's byte-level characters (vocab type BYTE_LEVEL) whatever the model's tokenizer (SPM, BPE, WordPiece),
// so the mask allows a token exactly when its bytes continue the grammar. Tokens that render as nothing
// (control, unknown, unused, and ids past the tokenizer's table) are '' there: XGrammar never allows them,
// except the stop tokens it is given, once the grammar may end.
import { BYTE_TO_CHAR, isHiddenSpecial, type Tokenizer } from '@wgllm/tokenizer';

export function byteLevelVocab(tokenizer: Tokenizer, vocabSize: number): string[] {
  const vocab: string[] = new Array(vocabSize);
  for (let id = 0; id < vocabSize; id++) {
    if (id >= tokenizer.vocabSize || isHiddenSpecial(tokenizer.vocab, id)) {
      vocab[id] = '';
      continue;
    }
    let chars = '';
    for (const byte of tokenizer.tokenBytes(id)) chars += BYTE_TO_CHAR[byte];
    vocab[id] = chars;
  }
  return vocab;
}
