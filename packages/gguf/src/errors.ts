/** Why a GGUF file (or a value for one) was refused. */
export type GgufErrorCode =
  | 'truncated' // the file ends before a field it declares
  | 'bad-magic' // not a GGUF file
  | 'unsupported-version' // v1, v0 or newer than v3
  | 'big-endian' // byte-swapped file; only little-endian GGUF is read
  | 'bad-count' // a tensor, key or array count larger than the bytes left could hold
  | 'bad-string' // a string length larger than the bytes left
  | 'bad-type' // unknown metadata value type or ggml tensor type
  | 'too-deep' // arrays nested deeper than we accept
  | 'duplicate-key'
  | 'bad-alignment' // general.alignment not a u32 power of two
  | 'bad-tensor' // n_dims > 4, absurd dims, row not a whole number of blocks, misaligned offset, long name
  | 'duplicate-tensor'
  | 'overlap' // two tensors' data ranges overlap
  | 'out-of-range' // tensor data beyond the end of the file
  | 'missing-key' // a metadata key required by the caller is absent
  | 'bad-value' // a metadata value has the wrong type for the caller, or cannot be written
  | 'source'; // the byte source failed (HTTP status, missing Range support, short read)

export class GgufError extends Error {
  override readonly name = 'GgufError';

  constructor(
    readonly code: GgufErrorCode,
    /** Byte offset in the file of the field at fault (-1 when not tied to one). */
    readonly offset: number,
    message: string,
  ) {
    super(`${message} (${code} at byte ${offset})`);
  }
}
