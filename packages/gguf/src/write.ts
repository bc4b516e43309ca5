import { ByteWriter } from './byte-writer.ts';
import { GgufError } from './errors.ts';
import {
  ALIGNMENT_KEY,
  alignUp,
  DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  type GgufHeader,
  MAX_DIMS,
  MAX_NAME_BYTES,
} from './header.ts';
import { blockLayouts, type GgmlType, isGgmlType, tensorBytes } from './quant/ggml-types.ts';
import { GgufValueType } from './value-types.ts';
import { type GgufMetadataInput, type GgufTypedValue, toTypedValue, writeValue } from './write-value.ts';

export interface GgufTensorInput {
  name: string;
  type: GgmlType;
  /** ggml order: shape[0] is the row length. */
  shape: number[];
  /** Exactly the bytes the type and shape call for. */
  data: Uint8Array;
}

export interface GgufWriteInput {
  metadata: Map<string, GgufMetadataInput> | Record<string, GgufMetadataInput>;
  tensors: GgufTensorInput[];
}

const utf8 = new TextEncoder();

/**
 * Writes a GGUF v3 file: header, then each tensor's data at the next multiple of `alignment` (bytes), in
 * order, as llama.cpp requires. An alignment other than 32 is recorded as general.alignment.
 */
export function writeGguf(input: GgufWriteInput, alignment?: number): Uint8Array {
  const chunks = [...writeGgufChunks(input, alignment)];
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** The same file as writeGguf, as a header chunk then each tensor's data and padding, for writing to a stream. */
export function* writeGgufChunks(input: GgufWriteInput, alignment?: number): Generator<Uint8Array> {
  const metadata = new Map<string, GgufTypedValue>();
  const entries = input.metadata instanceof Map ? input.metadata.entries() : Object.entries(input.metadata);
  for (const [key, value] of entries) metadata.set(key, toTypedValue(value, key));
  const align = resolveAlignment(metadata, alignment);

  const header = new ByteWriter();
  header.u32(GGUF_MAGIC);
  header.u32(3);
  header.u64(input.tensors.length);
  header.u64(metadata.size);
  for (const [key, typed] of metadata) {
    header.string(key);
    header.u32(typed.type);
    writeValue(header, typed, typed.value, key);
  }
  let offset = 0;
  const names = new Set<string>();
  for (const tensor of input.tensors) {
    checkTensor(tensor, names);
    header.string(tensor.name);
    header.u32(tensor.shape.length);
    for (const dim of tensor.shape) header.u64(dim);
    header.u32(tensor.type);
    header.u64(offset);
    offset = alignUp(offset + tensor.data.length, align);
  }
  if (input.tensors.length > 0) header.pad(align);
  yield header.result();

  for (const tensor of input.tensors) {
    yield tensor.data;
    const padding = alignUp(tensor.data.length, align) - tensor.data.length;
    if (padding > 0) yield new Uint8Array(padding);
  }
}

function resolveAlignment(metadata: Map<string, GgufTypedValue>, requested: number | undefined): number {
  const recorded = metadata.get(ALIGNMENT_KEY);
  const align = requested ?? (typeof recorded?.value === 'number' ? recorded.value : DEFAULT_ALIGNMENT);
  if (!Number.isInteger(align) || align <= 0 || align > 0xffff_ffff || (align & (align - 1)) !== 0) {
    throw new GgufError('bad-alignment', -1, `alignment ${align} is not a power of two`);
  }
  if (recorded && (recorded.type !== GgufValueType.UINT32 || recorded.value !== align)) {
    throw new GgufError('bad-alignment', -1, `${ALIGNMENT_KEY} must be the u32 ${align}`);
  }
  if (!recorded && align !== DEFAULT_ALIGNMENT)
    metadata.set(ALIGNMENT_KEY, { type: GgufValueType.UINT32, value: align });
  return align;
}

function checkTensor(tensor: GgufTensorInput, names: Set<string>): void {
  const fail = (why: string) => new GgufError('bad-tensor', -1, `tensor '${tensor.name}': ${why}`);
  if (names.has(tensor.name))
    throw new GgufError('duplicate-tensor', -1, `duplicate tensor name '${tensor.name}'`);
  names.add(tensor.name);
  if (utf8.encode(tensor.name).length > MAX_NAME_BYTES)
    throw fail(`name longer than ${MAX_NAME_BYTES} bytes`);
  if (!isGgmlType(tensor.type)) throw fail(`unknown ggml type ${tensor.type}`);
  if (tensor.shape.length > MAX_DIMS) throw fail(`${tensor.shape.length} > ${MAX_DIMS} dims`);
  if (!tensor.shape.every((d) => Number.isSafeInteger(d) && d >= 0))
    throw fail(`bad shape [${tensor.shape}]`);
  if ((tensor.shape[0] ?? 1) % blockLayouts[tensor.type].blockSize !== 0)
    throw fail('row is not whole blocks');
  const expected = tensorBytes(
    tensor.type,
    tensor.shape.reduce((a, b) => a * b, 1),
  );
  if (tensor.data.length !== expected)
    throw fail(`${tensor.data.length} data bytes, type and shape need ${expected}`);
}

/** A parsed header's metadata with its stored types, ready to write back unchanged. */
export function typedMetadata(
  header: Pick<GgufHeader, 'metadata' | 'metadataTypes'>,
): Map<string, GgufTypedValue> {
  const out = new Map<string, GgufTypedValue>();
  for (const [key, value] of header.metadata) {
    const info = header.metadataTypes.get(key);
    if (!info) throw new GgufError('bad-value', -1, `metadata '${key}' has no recorded type`);
    out.set(key, { ...info, value });
  }
  return out;
}
