export { GgufError, type GgufErrorCode } from './errors.ts';
export {
  ALIGNMENT_KEY,
  DEFAULT_ALIGNMENT,
  type GgufHeader,
  type GgufTensorInfo,
  MAX_DIMS,
} from './header.ts';
export * from './metadata.ts';
export { parseGguf, parseGgufPrefix } from './parse.ts';
export * from './quant/index.ts';
export { readGgufHeader, readTensors, type TensorChunk } from './read-header.ts';
export { blobSource } from './source/blob-source.ts';
export { bufferSource } from './source/buffer-source.ts';
export type { GgufSource, ProgressCallback } from './source/source.ts';
export { DEFAULT_PREFIX_BYTES, openUrlSource, type UrlSourceOptions } from './source/url-source.ts';
export { findTensor, tensorData } from './tensor-data.ts';
export {
  type GgufArray,
  type GgufNumericArray,
  type GgufValue,
  GgufValueType,
  type GgufValueTypeInfo,
} from './value-types.ts';
export {
  type GgufTensorInput,
  type GgufWriteInput,
  typedMetadata,
  writeGguf,
  writeGgufChunks,
} from './write.ts';
export { type GgufMetadataInput, type GgufTypedValue, ggufValue } from './write-value.ts';
