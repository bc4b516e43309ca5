// UTF-8 helpers over JS strings. Text is handled as codepoints; lone surrogates become U+FFFD, which is what
// llama.cpp sees after our TextEncoder turns them into EF BF BD.

export const REPLACEMENT_CHARACTER = 0xfffd;

/** The codepoints of a string, lone surrogates replaced by U+FFFD. */
export function codepointsOf(text: string): number[] {
  const cpts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        cpts.push(((unit - 0xd800) << 10) + (next - 0xdc00) + 0x10000);
        i++;
        continue;
      }
    }
    cpts.push(unit >= 0xd800 && unit <= 0xdfff ? REPLACEMENT_CHARACTER : unit);
  }
  return cpts;
}

/** Number of bytes of a codepoint's UTF-8 encoding. */
export function utf8Length(cpt: number): number {
  return cpt < 0x80 ? 1 : cpt < 0x800 ? 2 : cpt < 0x10000 ? 3 : 4;
}

const encoder = new TextEncoder();

export function utf8Bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Bytes of UTF-8 encoding of a whole string, without allocating. */
export function utf8ByteLength(text: string): number {
  let n = 0;
  for (const cpt of codepointsOf(text)) n += utf8Length(cpt);
  return n;
}
