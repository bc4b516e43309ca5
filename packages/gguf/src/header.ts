import type { GgmlType } from './quant/ggml-types.ts';
import type { GgufValue, GgufValueTypeInfo } from './value-types.ts';

export interface GgufTensorInfo {
  name: string;
  type: GgmlType;
  /** ggml order: shape[0] (ne[0]) is the row length, the fastest-varying dimension. */
  shape: number[];
  /** Bytes from the start of the tensor data section (header.dataOffset). */
  offset: number;
  /** Bytes of data, from type and shape. */
  byteLength: number;
}

export interface GgufHeader {
  version: 2 | 3;
  metadata: Map<string, GgufValue>;
  /** The GGUF type each metadata value was stored with, so a rewrite can keep it. */
  metadataTypes: Map<string, GgufValueTypeInfo>;
  tensors: GgufTensorInfo[];
  /** Bytes; general.alignment or 32. */
  alignment: number;
  /** Absolute byte offset of the tensor data section. */
  dataOffset: number;
}

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
export const DEFAULT_ALIGNMENT = 32;
export const ALIGNMENT_KEY = 'general.alignment';
/** ggml tensors have at most 4 dimensions (GGML_MAX_DIMS). */
export const MAX_DIMS = 4;
/** Tensor names must be shorter than GGML_MAX_NAME (64) bytes. */
export const MAX_NAME_BYTES = 63;

export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}
