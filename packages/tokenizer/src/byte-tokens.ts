import type { Vocab } from './vocab.ts';

const hex = (byte: number) => byte.toString(16).toUpperCase().padStart(2, '0');

/** SentencePiece byte-fallback token for a byte (llama_vocab::byte_to_token for SPM). */
export function spmByteToken(vocab: Vocab, byte: number): number {
  const id =
    vocab.tokenToId.get(`<0x${hex(byte)}>`) ??
    (byte < 0x80 ? vocab.tokenToId.get(String.fromCharCode(byte)) : undefined);
  if (id === undefined) throw new RangeError(`vocabulary has no token for byte 0x${hex(byte)}`);
  return id;
}

/** The byte a <0xXX> byte token stands for (llama_vocab::token_to_byte). */
export function byteOfToken(text: string): number {
  return Number.parseInt(text.slice(3, 5), 16);
}
