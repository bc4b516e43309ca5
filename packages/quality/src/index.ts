export { BaseReference, type BaseReferenceShape } from './base-reference.ts';
export { decodeBaseReference, encodeBaseReference } from './base-reference-file.ts';
export { type ConvertedAttention, convertAttentionHeads } from './convert-attention.ts';
export { cpuQualityModel } from './cpu-quality-model.ts';
export { type FileType, fileTypes, resolveFileType } from './file-types.ts';
export { formatQualityTable } from './format-table.ts';
export { type AttentionShape, kvCacheBytesPerToken } from './kv-cache-bytes.ts';
export { percentile, type SampleSummary, summarize } from './percentiles.ts';
export { type PerplexityWindow, planWindows, scoredPerWindow } from './perplexity-windows.ts';
export type { QualityModel } from './quality-model.ts';
export type { BaseVerdicts, QualityRow } from './quality-row.ts';
export {
  chooseTensorType,
  chooseTensorTypes,
  type RecipeModel,
  type RecipeShape,
  type RecipeTensor,
  type TensorChoice,
} from './quant-recipe.ts';
export { type QuantizedModel, quantizeModel } from './quantize-model.ts';
export {
  compareWithBase,
  measureBase,
  type QualityComparisonInput,
  runQualityComparison,
} from './run-quality-comparison.ts';
export { runnerQualityModel } from './runner-quality-model.ts';
export type { ProgressCallback } from './score-windows.ts';
