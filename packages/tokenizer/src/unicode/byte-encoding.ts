// GPT-2's reversible byte <-> unicode mapping (llama.cpp unicode_byte_to_utf8_map): printable Latin-1 bytes
// map to themselves, the rest to U+0100 upwards in byte order.

function buildByteToChar(): string[] {
  const table: (string | undefined)[] = new Array(256);
  const printable = (b: number) =>
    (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  for (let b = 0; b < 256; b++) if (printable(b)) table[b] = String.fromCharCode(b);
  let next = 256;
  for (let b = 0; b < 256; b++) table[b] ??= String.fromCharCode(next++);
  return table as string[];
}

export const BYTE_TO_CHAR: readonly string[] = buildByteToChar();

export const CHAR_TO_BYTE: ReadonlyMap<string, number> = new Map(
  BYTE_TO_CHAR.map((char, byte) => [char, byte]),
);

/** The GPT-2 characters of the UTF-8 bytes of codepoints cpts[from..to). */
export function byteEncodeCodepoints(cpts: readonly number[], from: number, to: number): string {
  const chars = BYTE_TO_CHAR;
  let out = '';
  for (let i = from; i < to; i++) {
    const c = cpts[i]!;
    if (c < 0x80) out += chars[c];
    else if (c < 0x800) out += chars[0xc0 | (c >> 6)]! + chars[0x80 | (c & 0x3f)]!;
    else if (c < 0x10000) {
      out += chars[0xe0 | (c >> 12)]! + chars[0x80 | ((c >> 6) & 0x3f)]! + chars[0x80 | (c & 0x3f)]!;
    } else {
      out +=
        chars[0xf0 | (c >> 18)]! +
        chars[0x80 | ((c >> 12) & 0x3f)]! +
        chars[0x80 | ((c >> 6) & 0x3f)]! +
        chars[0x80 | (c & 0x3f)]!;
    }
  }
  return out;
}
