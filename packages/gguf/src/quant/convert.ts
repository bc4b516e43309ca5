// Public quantize / dequantize entry points over the codec registry.

import { blockLayouts, GgmlType, tensorBytes } from './ggml-types.ts';
import { codecs, type QuantCodec } from './registry.ts';

function codecFor(type: GgmlType, action: string): QuantCodec {
  const codec = codecs.get(type);
  if (!codec) throw new Error(`cannot ${action} ggml type ${GgmlType[type] ?? type}`);
  return codec;
}

function checkElementCount(type: GgmlType, elements: number): void {
  const { blockSize } = blockLayouts[type];
  if (!Number.isInteger(elements) || elements < 0 || elements % blockSize !== 0) {
    throw new Error(
      `${GgmlType[type]}: element count ${elements} is not a multiple of the block size ${blockSize}`,
    );
  }
}

/** True when `quantize` supports `type`. */
export function isQuantizable(type: GgmlType): boolean {
  return codecs.has(type);
}

/** True when `dequantize` supports `type`. */
export function isDequantizable(type: GgmlType): boolean {
  return codecs.has(type);
}

/** Encodes `values` (length a multiple of the block size) as ggml's quantize_row_*_ref does. */
export function quantize(type: GgmlType, values: Float32Array): Uint8Array {
  const codec = codecFor(type, 'quantize');
  checkElementCount(type, values.length);
  const out = new Uint8Array(tensorBytes(type, values.length));
  codec.quantize(values, out);
  return out;
}

/**
 * Encodes `values` as ggml_quantize_chunk does without an imatrix, i.e. as llama-quantize writes tensors when run
 * without --imatrix. Same bytes as `quantize` except for IQ4_NL, where ggml's quantize_iq4_nl also searches 15
 * grid-aligned scales per block.
 */
export function quantizeChunk(type: GgmlType, values: Float32Array): Uint8Array {
  const codec = codecFor(type, 'quantize');
  checkElementCount(type, values.length);
  const out = new Uint8Array(tensorBytes(type, values.length));
  (codec.quantizeChunk ?? codec.quantize)(values, out);
  return out;
}

/** Decodes the first `elements` values of `data` (ggml block bytes, any alignment) as ggml's dequantize_row_*. */
export function dequantize(type: GgmlType, data: Uint8Array, elements: number): Float32Array {
  const codec = codecFor(type, 'dequantize');
  checkElementCount(type, elements);
  const needed = tensorBytes(type, elements);
  if (data.length < needed) {
    throw new Error(`${GgmlType[type]}: ${elements} elements need ${needed} bytes, got ${data.length}`);
  }
  const out = new Float32Array(elements);
  codec.dequantize(data, out);
  return out;
}
