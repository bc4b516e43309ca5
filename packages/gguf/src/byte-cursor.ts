import { GgufError, type GgufErrorCode } from './errors.ts';

// ignoreBOM: a token may be exactly U+FEFF (Llama's vocab has one); the default decoder would drop it.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

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

  /** A u64 field that must be a safe JS integer no larger than `max`, else `code`. */
  u64Bounded(what: string, max: number, code: GgufErrorCode): number {
    const at = this.pos;
    const value = this.u64(what);
    if (value > BigInt(max)) throw new GgufError(code, at, `${what} ${value} exceeds ${max}`);
    return Number(value);
  }

  /** A u64-length-prefixed UTF-8 string (invalid UTF-8 is replaced by U+FFFD, as llama.cpp does not check it). */
  string(what: string): string {
    const length = this.u64Bounded(`${what} length`, this.remaining - 8, 'bad-string');
    this.need(length, what);
    const text = utf8.decode(this.bytes.subarray(this.pos, this.pos + length));
    this.pos += length;
    return text;
  }

  /** Copies `length` bytes (the copy is aligned, so typed arrays can view it). */
  copy(length: number, what: string): ArrayBuffer {
    this.need(length, what);
    const start = this.bytes.byteOffset + this.pos;
    this.pos += length;
    return this.bytes.buffer.slice(start, start + length) as ArrayBuffer;
  }
}
