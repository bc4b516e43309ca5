import { ByteCursor } from './byte-cursor.ts';
import { checkTensorLayout } from './check-tensor-layout.ts';
import { GgufError } from './errors.ts';
import { ALIGNMENT_KEY, alignUp, DEFAULT_ALIGNMENT, GGUF_MAGIC, type GgufHeader } from './header.ts';
import { readValue, readValueType } from './read-metadata.ts';
import { type LocatedTensorInfo, readTensorInfo } from './read-tensor-infos.ts';
import { type GgufValue, GgufValueType, type GgufValueTypeInfo } from './value-types.ts';

/** Smallest encodings, to reject counts the file could not hold before looping over them. */
const KV_MIN_BYTES = 8 + 4 + 1; // key length, value type, a u8 value
const TENSOR_INFO_MIN_BYTES = 8 + 4 + 4 + 8; // name length, n_dims, type, offset

/** Parses a whole GGUF file held in memory. */
export function parseGguf(buffer: ArrayBuffer | Uint8Array): GgufHeader {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  return parseGgufPrefix(bytes, bytes.length);
}

/**
 * Parses the header from the first bytes of a file of `fileSize` bytes. Throws GgufError 'truncated' when
 * the prefix ends inside the header (fetch more and retry); tensor ranges are checked against fileSize.
 */
export function parseGgufPrefix(prefix: Uint8Array, fileSize: number): GgufHeader {
  const cursor = new ByteCursor(prefix, fileSize);
  if (cursor.u32('magic') !== GGUF_MAGIC)
    throw new GgufError('bad-magic', 0, 'not a GGUF file (magic is not "GGUF")');
  const version = readVersion(cursor);

  const tensorCount = cursor.u64Bounded(
    'tensor count',
    Math.floor(cursor.remaining / TENSOR_INFO_MIN_BYTES),
    'bad-count',
  );
  const kvCount = cursor.u64Bounded(
    'metadata count',
    Math.floor(cursor.remaining / KV_MIN_BYTES),
    'bad-count',
  );

  const metadata = new Map<string, GgufValue>();
  const metadataTypes = new Map<string, GgufValueTypeInfo>();
  let alignmentAt = -1;
  for (let i = 0; i < kvCount; i++) {
    const keyAt = cursor.pos;
    const key = cursor.string('metadata key');
    if (metadata.has(key)) throw new GgufError('duplicate-key', keyAt, `duplicate metadata key '${key}'`);
    if (key === ALIGNMENT_KEY) alignmentAt = keyAt;
    const [value, typeInfo] = readValue(cursor, readValueType(cursor, key), key);
    metadata.set(key, value);
    metadataTypes.set(key, typeInfo);
  }
  const alignment = readAlignment(metadata, metadataTypes, alignmentAt);

  const located: LocatedTensorInfo[] = [];
  const names = new Set<string>();
  for (let i = 0; i < tensorCount; i++) located.push(readTensorInfo(cursor, names));

  const dataOffset = alignUp(cursor.pos, alignment);
  checkTensorLayout(located, dataOffset, alignment, fileSize);
  return { version, metadata, metadataTypes, tensors: located.map((t) => t.info), alignment, dataOffset };
}

function readVersion(cursor: ByteCursor): 2 | 3 {
  const version = cursor.u32('version');
  if (version === 2 || version === 3) return version;
  if (version !== 0 && (version & 0xffff) === 0) {
    throw new GgufError(
      'big-endian',
      4,
      `version ${version} looks byte-swapped: big-endian GGUF is not supported`,
    );
  }
  if (version === 1) {
    throw new GgufError(
      'unsupported-version',
      4,
      'GGUF v1 is unsupported (llama.cpp dropped it too); re-convert the model with a current llama.cpp',
    );
  }
  throw new GgufError('unsupported-version', 4, `GGUF version ${version} is unsupported (only v2 and v3)`);
}

/** general.alignment (its key entry starts at byte `at`), or the default. */
function readAlignment(
  metadata: Map<string, GgufValue>,
  types: Map<string, GgufValueTypeInfo>,
  at: number,
): number {
  const value = metadata.get(ALIGNMENT_KEY);
  if (value === undefined) return DEFAULT_ALIGNMENT;
  if (types.get(ALIGNMENT_KEY)?.type !== GgufValueType.UINT32 || typeof value !== 'number') {
    throw new GgufError('bad-alignment', at, `${ALIGNMENT_KEY} must be a u32`);
  }
  if (value === 0 || (value & (value - 1)) !== 0) {
    throw new GgufError('bad-alignment', at, `${ALIGNMENT_KEY} ${value} is not a power of two`);
  }
  return value;
}
