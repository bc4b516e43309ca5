import { GgufError } from '../errors.ts';

export function checkRange(offset: number, length: number, size: number): void {
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
    throw new GgufError('source', offset, `bad read range (${offset}, +${length})`);
  }
  if (offset + length > size) {
    throw new GgufError(
      'out-of-range',
      offset,
      `read of ${length} bytes at ${offset} past the end (${size} bytes)`,
    );
  }
}
