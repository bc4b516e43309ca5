import { byteOfToken } from './byte-tokens.ts';
import { ATTR_BYTE, ATTR_CONTROL, ATTR_NORMAL, ATTR_UNKNOWN, ATTR_USER_DEFINED } from './token-attrs.ts';
import { CHAR_TO_BYTE } from './unicode/byte-encoding.ts';
import { utf8Bytes } from './unicode/utf8.ts';
import type { Vocab } from './vocab.ts';

// The bytes a token stands for (llama_vocab::impl::token_to_piece with special = true).

const EMPTY = new Uint8Array(0);

/** Undoes GPT-2 byte encoding; characters outside the map come out as llama.cpp's "[UNK_BYTE_0x..]" marker. */
function byteDecode(text: string): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const byte = CHAR_TO_BYTE.get(char);
    if (byte !== undefined) {
      out.push(byte);
      continue;
    }
    const hex = [...utf8Bytes(char)].map((b) => b.toString(16).padStart(2, '0')).join('');
    out.push(...utf8Bytes(`[UNK_BYTE_0x${hex}${text}]`));
  }
  return Uint8Array.from(out);
}

export function tokenPiece(vocab: Vocab, id: number): Uint8Array {
  const text = vocab.tokens[id];
  if (text === undefined) return EMPTY;
  const attr = vocab.attrs[id]!;
  if (attr & (ATTR_UNKNOWN | ATTR_CONTROL | ATTR_USER_DEFINED)) return utf8Bytes(text);
  if (attr & ATTR_NORMAL)
    return vocab.type === 'bpe' ? byteDecode(text) : utf8Bytes(text.replaceAll('\u2581', ' '));
  if (attr & ATTR_BYTE) return Uint8Array.of(byteOfToken(text));
  return EMPTY;
}

/** Whether a token renders as nothing unless special tokens are asked for. */
export const isHiddenSpecial = (vocab: Vocab, id: number) =>
  ((vocab.attrs[id] ?? 0) & (ATTR_UNKNOWN | ATTR_CONTROL)) !== 0;
