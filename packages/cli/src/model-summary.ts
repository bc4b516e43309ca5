import {
  architecture,
  GgmlType,
  type GgufHeader,
  type GgufValue,
  GgufValueType,
  type GgufValueTypeInfo,
  getNumber,
  getString,
  getStringArray,
} from '@wgllm/gguf';

/** JSON-safe form of a metadata value: long arrays summarized, u64/i64 beyond 2^53 as decimal strings. */
export type SummaryValue =
  | number
  | string
  | boolean
  | null
  | SummaryValue[]
  | { arrayOf: string; length: number };

export interface ModelSummary {
  version: number;
  fileBytes: number;
  architecture: string | null;
  name: string | null;
  hyperparameters: Record<string, SummaryValue>;
  tokenizer: { model: string | null; pre: string | null; vocabSize: number; mergeCount: number };
  metadata: Record<string, SummaryValue>;
  tensors: { name: string; type: string; shape: number[]; bytes: number }[];
  totals: { count: number; bytes: number; byType: Record<string, number> };
}

/** `<arch>.<suffix>` keys shown as hyperparameters, with their display names. */
const HYPERPARAMETERS: [label: string, suffix: string][] = [
  ['layers', 'block_count'],
  ['heads', 'attention.head_count'],
  ['kvHeads', 'attention.head_count_kv'],
  ['embeddingLength', 'embedding_length'],
  ['feedForwardLength', 'feed_forward_length'],
  ['contextLength', 'context_length'],
  ['ropeDimensions', 'rope.dimension_count'],
  ['ropeFreqBase', 'rope.freq_base'],
  ['ropeScalingType', 'rope.scaling.type'],
  ['ropeScalingFactor', 'rope.scaling.factor'],
  ['rmsEpsilon', 'attention.layer_norm_rms_epsilon'],
  ['layerNormEpsilon', 'attention.layer_norm_epsilon'],
  ['keyLength', 'attention.key_length'],
  ['valueLength', 'attention.value_length'],
  ['slidingWindow', 'attention.sliding_window'],
  ['expertCount', 'expert_count'],
  ['expertUsedCount', 'expert_used_count'],
  ['vocabSize', 'vocab_size'],
];

const ARRAY_PREVIEW = 8;

/** Shortest decimal that reads back as the same f32 (1e-5, not 0.000009999999747378752). */
function shortestF32(value: number): number {
  for (let digits = 1; digits < 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) return candidate;
  }
  return value;
}

export function summarizeValue(value: GgufValue, info: GgufValueTypeInfo | undefined): SummaryValue {
  if (typeof value === 'bigint')
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  if (typeof value === 'number') return info?.type === GgufValueType.FLOAT32 ? shortestF32(value) : value;
  if (typeof value !== 'object') return value;
  const itemType = info?.itemType;
  if (value.length > ARRAY_PREVIEW)
    return { arrayOf: itemType === undefined ? '?' : GgufValueType[itemType], length: value.length };
  const itemInfo = itemType === undefined ? undefined : { type: itemType };
  return Array.from(value as ArrayLike<GgufValue>, (item) => summarizeValue(item, itemInfo));
}

export function summarizeModel(header: GgufHeader, fileBytes: number): ModelSummary {
  const arch = architecture(header) ?? null;
  const hyperparameters: Record<string, SummaryValue> = {};
  for (const [label, suffix] of HYPERPARAMETERS) {
    const value = arch === null ? undefined : header.metadata.get(`${arch}.${suffix}`);
    if (value !== undefined)
      hyperparameters[label] = summarizeValue(value, header.metadataTypes.get(`${arch}.${suffix}`));
  }
  const metadata: Record<string, SummaryValue> = {};
  for (const [key, value] of header.metadata)
    metadata[key] = summarizeValue(value, header.metadataTypes.get(key));

  const byType: Record<string, number> = {};
  let bytes = 0;
  const tensors = header.tensors.map((t) => {
    const type = GgmlType[t.type] ?? String(t.type);
    byType[type] = (byType[type] ?? 0) + 1;
    bytes += t.byteLength;
    return { name: t.name, type, shape: t.shape, bytes: t.byteLength };
  });

  return {
    version: header.version,
    fileBytes,
    architecture: arch,
    name: getString(header, 'general.name') ?? null,
    hyperparameters,
    tokenizer: {
      model: getString(header, 'tokenizer.ggml.model') ?? null,
      pre: getString(header, 'tokenizer.ggml.pre') ?? null,
      vocabSize:
        getStringArray(header, 'tokenizer.ggml.tokens')?.length ??
        getNumber(header, `${arch}.vocab_size`) ??
        0,
      mergeCount: getStringArray(header, 'tokenizer.ggml.merges')?.length ?? 0,
    },
    metadata,
    tensors,
    totals: { count: tensors.length, bytes, byType },
  };
}
