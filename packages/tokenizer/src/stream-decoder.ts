import { CleanSpaces } from './clean-spaces.ts';
import { isHiddenSpecial } from './pieces.ts';
import type { Vocab } from './vocab.ts';

// Detokenization (llama_vocab::impl::detokenize) done incrementally. decode(ids) is this decoder fed every id
// and flushed, so streamed text always concatenates to the whole decode.

export interface DecodeOptions {
  /** Drop a leading BOS and trailing EOS when the model adds them (llama.cpp remove_special). Default false. */
  removeSpecial?: boolean;
  /** Render control tokens as their text (llama.cpp unparse_special). Default false. */
  unparseSpecial?: boolean;
}

const SPACE = 0x20;

export class StreamDecoder {
  // ignoreBOM keeps a leading U+FEFF: it is text here, as in llama.cpp.
  private readonly utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
  private readonly clean: CleanSpaces | undefined;
  private readonly removeSpecial: boolean;
  private readonly unparseSpecial: boolean;
  private first = true;
  /** A trailing EOS is only known to be trailing at the end. */
  private heldEos = false;

  constructor(
    private readonly vocab: Vocab,
    private readonly pieceOf: (id: number) => Uint8Array,
    options: DecodeOptions = {},
  ) {
    this.removeSpecial = options.removeSpecial ?? false;
    this.unparseSpecial = options.unparseSpecial ?? false;
    this.clean = vocab.cleanSpaces ? new CleanSpaces() : undefined;
  }

  /** Adds one token; returns the text that is now final (possibly empty). */
  push(id: number): string {
    const bytes: number[] = [];
    const emit = (byte: number) => bytes.push(byte);
    const vocab = this.vocab;
    if (this.heldEos) {
      this.heldEos = false;
      this.emitPiece(vocab.eos, emit);
    }
    if (this.first && this.removeSpecial && vocab.addBos && id === vocab.bos) {
      // The BOS is dropped and the next token keeps its leading space.
      this.first = false;
    } else if (this.removeSpecial && vocab.addEos && id === vocab.eos) {
      this.heldEos = true;
    } else {
      this.emitPiece(id, emit);
    }
    return this.utf8.decode(Uint8Array.from(bytes), { stream: true });
  }

  /** Ends the stream: returns the text still held back. */
  flush(): string {
    const bytes: number[] = [];
    this.heldEos = false;
    this.clean?.flush((byte) => bytes.push(byte));
    return this.utf8.decode(Uint8Array.from(bytes));
  }

  private emitPiece(id: number, emit: (byte: number) => void): void {
    // SentencePiece pieces start with the word's space: the first token of the text loses one.
    const stripSpace = this.first && this.vocab.addSpacePrefix;
    this.first = false;
    if (!this.unparseSpecial && isHiddenSpecial(this.vocab, id)) return;
    const piece = this.pieceOf(id);
    const start = stripSpace && piece[0] === SPACE ? 1 : 0;
    for (let i = start; i < piece.length; i++) {
      if (this.clean) this.clean.push(piece[i]!, emit);
      else emit(piece[i]!);
    }
  }
}
