import { GgufError, type GgufErrorCode } from './errors.ts';

// ignoreBOM: a token may be exactly U+FEFF (Llama's vocab has one); the default decoder would drop it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Vocab entries are short: decoding them by hand avoids a TextDecoder call and a view per string. */
const SHORT_STRING_BYTES = 64;

/**
 * Decodes bytes[start, end) when they are valid 1- to 3-byte UTF-8 (BMP only); undefined otherwise, so the
 * caller falls back to TextDecoder for 4-byte sequences and invalid input (same result either way).
 */
function decodeShortUtf8(bytes: Uint8Array, start: number, end: number): string | undefined {
  let text = '';
  for (let i = start; i < end; ) {
    const b0 = bytes[i]!;
    if (b0 < 0x80) {
      text += String.fromCharCode(b0);
      i += 1;
    } else if (b0 >= 0xc2 && b0 <= 0xdf && i + 1 < end) {
      const b1 = bytes[i + 1]!;
      if ((b1 & 0xc0) !== 0x80) return undefined;
      text += String.fromCharCode(((b0 & 0x1f) << 6) | (b1 & 0x3f));
      i += 2;
    } else if (b0 >= 0xe0 && b0 <= 0xef && i + 2 < end) {
      const b1 = bytes[i + 1]!;
      const b2 = bytes[i + 2]!;
      if ((b1 & 0xc0) !== 0x80 || (b2 & 0xc0) !== 0x80) return undefined;
      const code = ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
      if (code < 0x800 || (code >= 0xd800 && code <= 0xdfff)) return undefined; // overlong or surrogate
      text += String.fromCharCode(code);
      i += 3;
    } else {
      return undefined;
    }
  }
  return text;
}

/**
 * Little-endian reader over the first bytes of a GGUF file. `bytes` may be a prefix of a file of
 * `fileSize` bytes: lengths and counts are judged against the whole file ("absurd" = more than the file
 * could hold), while reading past the prefix throws 'truncated' so a caller can fetch more and retry.
 */
export class ByteCursor {
  private readonly view: DataView;
  pos = 0;

  constructor(
    readonly bytes: Uint8Array,
    readonly fileSize: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    // A plain Uint8Array: a Node Buffer's subarray allocates a Buffer object per string.
    this.bytes = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes of the file left after the cursor. */
  get remaining(): number {
    return this.fileSize - this.pos;
  }

  /** Throws 'truncated' unless `length` more bytes are available. */
  need(length: number, what: string): void {
    if (this.pos + length > this.bytes.length) {
      throw new GgufError('truncated', this.pos, `file ends inside ${what}`);
    }
  }

  u8(what: string): number {
    this.need(1, what);
    return this.view.getUint8(this.pos++);
  }

  u32(what: string): number {
    this.need(4, what);
    const value = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return value;
  }

  u64(what: string): bigint {
    this.need(8, what);
    const value = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return value;
  }

  /** A u64 field that must be no larger than `max` (a safe integer), else `code`. Read as two u32s: no BigInt. */
  u64Bounded(what: string, max: number, code: GgufErrorCode): number {
    this.need(8, what);
    const at = this.pos;
    const low = this.view.getUint32(at, true);
    const high = this.view.getUint32(at + 4, true);
    this.pos += 8;
    const value = high * 2 ** 32 + low; // exact below 2^53; above, only compared against max
    if (value > max) {
      const exact = this.view.getBigUint64(at, true);
      throw new GgufError(code, at, `${what} ${exact} exceeds ${max}`);
    }
    return value;
  }

  /** A u64-length-prefixed UTF-8 string (invalid UTF-8 is replaced by U+FFFD, as llama.cpp does not check it). */
  string(what: string): string {
    const length = this.u64Bounded(what, this.remaining - 8, 'bad-string');
    this.need(length, what);
    const start = this.pos;
    this.pos += length;
    const short = length <= SHORT_STRING_BYTES ? decodeShortUtf8(this.bytes, start, this.pos) : undefined;
    return short ?? utf8.decode(this.bytes.subarray(start, this.pos));
  }

  /** Copies `length` bytes (the copy is aligned, so typed arrays can view it). */
  copy(length: number, what: string): ArrayBuffer {
    this.need(length, what);
    const start = this.bytes.byteOffset + this.pos;
    this.pos += length;
    return this.bytes.buffer.slice(start, start + length) as ArrayBuffer;
  }
}
