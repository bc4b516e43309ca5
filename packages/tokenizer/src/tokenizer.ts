import { type GgufValue, getString } from '@wgllm/gguf';
import { BpeSession } from './bpe/bpe.ts';
import { applyChatTemplate, type ChatPrompt, type ChatTemplateOptions } from './chat/apply-chat-template.ts';
import type { ChatMessage } from './chat/builtin-templates.ts';
import { tokenPiece } from './pieces.ts';
import { partitionSpecial } from './special-partition.ts';
import { SpmSession } from './spm.ts';
import { type DecodeOptions, StreamDecoder } from './stream-decoder.ts';
import { wellFormed } from './unicode/utf8.ts';
import { loadVocab, NO_TOKEN, type Vocab } from './vocab.ts';
import { tokenizeWpm } from './wpm.ts';

export interface EncodeOptions {
  /** Add BOS/EOS/SEP as the model asks (llama.cpp add_special). Default true. */
  addSpecial?: boolean;
  /** Turn control-token text such as "<|im_start|>" into those tokens (llama.cpp parse_special). Default true. */
  parseSpecial?: boolean;
}

/** llama.cpp-compatible tokenizer built from GGUF metadata (llama_vocab::tokenize / detokenize). */
export class Tokenizer {
  private readonly bpe: BpeSession | undefined;
  private readonly spm: SpmSession | undefined;
  private readonly pieces: (Uint8Array | undefined)[];

  /**
   * `chatTemplate` is tokenizer.chat_template (Jinja source), if the model has one.
   */
  constructor(
    readonly vocab: Vocab,
    readonly chatTemplate?: string,
  ) {
    this.bpe = vocab.type === 'bpe' ? new BpeSession(vocab) : undefined;
    this.spm = vocab.type === 'spm' ? new SpmSession(vocab) : undefined;
    this.pieces = new Array(vocab.tokens.length);
  }

  static fromGguf(metadata: Map<string, GgufValue>): Tokenizer {
    return new Tokenizer(loadVocab(metadata), getString({ metadata }, 'tokenizer.chat_template'));
  }

  get vocabSize(): number {
    return this.vocab.tokens.length;
  }

  /** BOS id, or undefined when the model has none. */
  get bos(): number | undefined {
    return this.vocab.bos === NO_TOKEN ? undefined : this.vocab.bos;
  }

  get eos(): number | undefined {
    return this.vocab.eos === NO_TOKEN ? undefined : this.vocab.eos;
  }

  isEndOfGeneration(id: number): boolean {
    return this.vocab.eog.has(id);
  }

  /** A token's text as stored in the vocabulary (e.g. "▁Once", "<s>"). */
  tokenText(id: number): string | undefined {
    return this.vocab.tokens[id];
  }

  encode(text: string, options: EncodeOptions = {}): number[] {
    const addSpecial = options.addSpecial ?? true;
    const vocab = this.vocab;
    const out: number[] = [];
    const fragments = partitionSpecial(vocab, wellFormed(text), options.parseSpecial ?? true);
    switch (vocab.type) {
      case 'spm': {
        if (addSpecial && vocab.addBos) out.push(requireToken(vocab.bos, 'BOS'));
        // Text right after a special token (or at the start) gets the SentencePiece space prefix.
        let afterSpecial = true;
        for (const fragment of fragments) {
          if ('token' in fragment) {
            out.push(fragment.token);
            afterSpecial = true;
            continue;
          }
          const prefixed = vocab.addSpacePrefix && afterSpecial ? ` ${fragment.text}` : fragment.text;
          this.spm!.tokenize(prefixed.replaceAll(' ', '\u2581'), out);
          afterSpecial = false;
        }
        if (addSpecial && vocab.addEos) out.push(requireToken(vocab.eos, 'EOS'));
        break;
      }
      case 'bpe': {
        if (addSpecial && vocab.addBos) out.push(requireToken(vocab.bos, 'BOS'));
        for (const fragment of fragments) {
          if ('token' in fragment) out.push(fragment.token);
          else this.bpe!.tokenize(fragment.text, out);
        }
        if (addSpecial && vocab.addEos) out.push(requireToken(vocab.eos, 'EOS'));
        break;
      }
      case 'wpm': {
        if (addSpecial) out.push(requireToken(vocab.bos, 'BOS'));
        for (const fragment of fragments) {
          if ('token' in fragment) out.push(fragment.token);
          else tokenizeWpm(vocab, fragment.text, out);
        }
        if (addSpecial) out.push(requireToken(vocab.sep, 'SEP'));
        break;
      }
    }
    return out;
  }

  /** The bytes a token stands for, special tokens included. */
  tokenBytes(id: number): Uint8Array {
    let piece = this.pieces[id];
    if (!piece) {
      piece = tokenPiece(this.vocab, id);
      this.pieces[id] = piece;
    }
    return piece;
  }

  /** Text for ids one at a time, never splitting a UTF-8 sequence; see StreamDecoder. */
  createStreamDecoder(options: DecodeOptions = {}): StreamDecoder {
    return new StreamDecoder(this.vocab, (id) => this.tokenBytes(id), options);
  }

  /** The conversation as prompt text, to encode with the defaults (BOS added, special tokens parsed). */
  applyChatTemplate(messages: readonly ChatMessage[], options: ChatTemplateOptions = {}): ChatPrompt {
    const piece = (id: number) => (id === NO_TOKEN ? '' : new TextDecoder().decode(this.tokenBytes(id)));
    return applyChatTemplate(
      {
        template: this.chatTemplate,
        bosToken: piece(this.vocab.bos),
        eosToken: piece(this.vocab.eos),
        addBos: this.vocab.addBos,
        addEos: this.vocab.addEos,
      },
      messages,
      options,
    );
  }

  decode(ids: readonly number[], options: DecodeOptions = {}): string {
    const decoder = this.createStreamDecoder(options);
    let text = '';
    for (const id of ids) text += decoder.push(id);
    return text + decoder.flush();
  }
}

function requireToken(id: number, name: string): number {
  if (id === NO_TOKEN) throw new Error(`the model asks for a ${name} token but has none`);
  return id;
}
