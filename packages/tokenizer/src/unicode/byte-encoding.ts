// GPT-2's reversible byte <-> unicode mapping (llama.cpp unicode_byte_to_utf8_map): printable Latin-1 bytes
// map to themselves, the rest to U+0100 upwards in byte order.

function buildByteToChar(): string[] {
  const table: (string | undefined)[] = new Array(256);
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  for (let b = 0; b < 256; b++) if (printable(b)) table[b] = String.fromCharCode(b);
  let next = 256;
  for (let b = 0; b < 256; b++) table[b] ??= String.fromCharCode(next++);
  return table as string[];
}

export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(BYTE_TO_CHAR.map((char, byte) => [char, byte]));

/** Maps each UTF-8 byte of `bytes` to its GPT-2 character. */
export function byteEncode(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += BYTE_TO_CHAR[b];
  return out;
}
