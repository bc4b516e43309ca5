// llama.cpp's clean_up_tokenization_spaces (the three passes at the end of llama_vocab::impl::detokenize) as
// three chained byte transducers. Each holds back only the bytes whose fate depends on what follows, so
// pushing bytes one at a time gives exactly the batch result.

type Emit = (byte: number) => void;

const SPACE = 0x20;
const QUOTE = 0x27;
const code = (c: string) => c.charCodeAt(0);

/** Pass 1: drop a space before ? ! . , */
class SpaceBeforePunctuation {
  private pendingSpace = false;

  push(byte: number, emit: Emit): void {
    if (this.pendingSpace) {
      this.pendingSpace = false;
      if (!'?!.,'.includes(String.fromCharCode(byte))) emit(SPACE);
    }
    if (byte === SPACE) this.pendingSpace = true;
    else emit(byte);
  }

  flush(emit: Emit): void {
    if (this.pendingSpace) emit(SPACE);
    this.pendingSpace = false;
  }
}

/** Pass 2: " ' " becomes "'"; the swallowed space cannot start another match. */
class LoneApostrophe {
  private pending: number[] = [];

  push(byte: number, emit: Emit): void {
    const pending = this.pending;
    if (pending.length === 2) {
      this.pending = [];
      if (byte === SPACE) {
        emit(QUOTE);
        return;
      }
      emit(SPACE);
      emit(QUOTE);
    } else if (pending.length === 1) {
      if (byte === QUOTE) {
        pending.push(byte);
        return;
      }
      this.pending = [];
      emit(SPACE);
    }
    if (byte === SPACE) this.pending = [SPACE];
    else emit(byte);
  }

  flush(emit: Emit): void {
    for (const byte of this.pending) emit(byte);
    this.pending = [];
  }
}

/** Pass 3: drop the space in " 's", " 'm", " 're", " 've". */
class ContractionSpace {
  private pending: number[] = [];

  push(byte: number, emit: Emit): void {
    const pending = this.pending;
    if (pending.length === 0) {
      if (byte === SPACE) pending.push(byte);
      else emit(byte);
      return;
    }
    if (pending.length === 1) {
      if (byte === QUOTE) {
        pending.push(byte);
        return;
      }
      this.pending = [];
      emit(SPACE);
      this.push(byte, emit);
      return;
    }
    if (pending.length === 2) {
      if (byte === code('r') || byte === code('v')) {
        pending.push(byte);
        return;
      }
      this.pending = [];
      if (byte !== code('s') && byte !== code('m')) emit(SPACE);
      emit(QUOTE);
      this.push(byte, emit);
      return;
    }
    // " 'r" or " 'v" waiting for 'e'.
    this.pending = [];
    if (byte !== code('e')) emit(SPACE);
    emit(QUOTE);
    emit(pending[2]!);
    this.push(byte, emit);
  }

  flush(emit: Emit): void {
    for (const byte of this.pending) emit(byte);
    this.pending = [];
  }
}

export class CleanSpaces {
  private readonly pass1 = new SpaceBeforePunctuation();
  private readonly pass2 = new LoneApostrophe();
  private readonly pass3 = new ContractionSpace();

  push(byte: number, emit: Emit): void {
    this.pass1.push(byte, (b1) => this.pass2.push(b1, (b2) => this.pass3.push(b2, emit)));
  }

  flush(emit: Emit): void {
    const to3 = (b2: number) => this.pass3.push(b2, emit);
    this.pass1.flush((b1) => this.pass2.push(b1, to3));
    this.pass2.flush(to3);
    this.pass3.flush(emit);
  }
}
