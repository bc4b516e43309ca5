import { describe, expect, it } from 'vitest';
import { ByteCursor } from './byte-cursor.ts';

const reference = new TextDecoder('utf-8', { ignoreBOM: true });

/** A GGUF string field: u64 length, then the bytes. */
function field(bytes: number[]): Uint8Array {
  const out = new Uint8Array(8 + bytes.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(bytes.length), true);
  out.set(bytes, 8);
  return out;
}

describe('ByteCursor.string', () => {
  it('decodes exactly like TextDecoder, valid or not, short or long', () => {
    let seed = 12345;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    // Bytes drawn from the interesting ranges: ASCII, continuations, 2/3/4-byte leads, invalid leads.
    const pools = [
      [0x00, 0x7f],
      [0x80, 0xbf],
      [0xc0, 0xdf],
      [0xe0, 0xef],
      [0xf0, 0xf4],
      [0xf5, 0xff],
      [0xed, 0xed],
    ];
    for (let n = 0; n < 5000; n++) {
      const length = Math.floor(random() * (random() < 0.9 ? 12 : 100));
      const bytes = Array.from({ length }, () => {
        const [lo, hi] = pools[Math.floor(random() * pools.length)]!;
        return lo! + Math.floor(random() * (hi! - lo! + 1));
      });
      const cursor = new ByteCursor(field(bytes), 8 + length);
      expect(cursor.string('s')).toBe(reference.decode(new Uint8Array(bytes)));
    }
    for (const text of ['\uFEFF', 'Ġthe', '▁upon', '日本語', '😀', 'a\u0000b', 'x'.repeat(200)]) {
      const bytes = [...new TextEncoder().encode(text)];
      expect(new ByteCursor(field(bytes), 8 + bytes.length).string('s')).toBe(text);
    }
  });

  it('refuses a length past the end of the file before reading it', () => {
    const bytes = field([0x61]);
    new DataView(bytes.buffer).setUint32(4, 1, true); // length 2^32 + 1
    expect(() => new ByteCursor(bytes, bytes.length).string('s')).toThrow(/bad-string at byte 0/);
  });
});
