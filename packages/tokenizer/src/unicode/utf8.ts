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

/** String.fromCodePoint in chunks: spreading a long text would overflow the stack. */
export function fromCodepoints(cpts: readonly number[], from = 0, to = cpts.length): string {
  let text = '';
  for (let i = from; i < to; i += 4096)
    text += String.fromCodePoint(...cpts.slice(i, Math.min(i + 4096, to)));
  return text;
}

/** The string with lone surrogates replaced by U+FFFD, which is what its UTF-8 encoding holds. */
export function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
