// Changes a model's number of KV heads: fewer by mean-pooling the K and V projection heads of each group
// (GQA from MHA, or MQA from GQA: Ainslie et al. 2023, "GQA", section 2.1, before any uptraining), more by
// repeating each head (exact: every query head keeps reading the same keys and values).
//
// llama.cpp's converter permutes Q/K rows for its RoPE layout, but only inside each head, so whole-head pooling
// and repetition commute with it (convert-attention.test.ts checks this).
import {
  dequantize,
  type GgmlType,
  type GgufTensorInfo,
  type GgufTensorInput,
  GgufValueType,
  isQuantizable,
  parseGguf,
  quantize,
  tensorBytes,
  tensorData,
  typedMetadata,
  writeGguf,
} from '@wgllm/gguf';
import { readModelConfig } from '@wgllm/runtime';

export interface ConvertedAttention {
  file: Uint8Array;
  from: number;
  to: number;
  /** pool: K/V heads averaged in groups; expand: heads repeated (exact). */
  mode: 'pool' | 'expand' | 'unchanged';
}

const kvProjection = /^blk\.\d+\.attn_[kv]\.(weight|bias)$/;

export function convertAttentionHeads(file: Uint8Array, kvHeads: number): ConvertedAttention {
  const header = parseGguf(file);
  const config = readModelConfig(header);
  const from = config.nHeadKv;
  const { nHead, headDim } = config;
  if (!Number.isInteger(kvHeads) || kvHeads < 1 || nHead % kvHeads !== 0)
    throw new Error(`--kv-heads ${kvHeads} must divide the ${nHead} query heads`);
  if (from % kvHeads !== 0 && kvHeads % from !== 0)
    throw new Error(`cannot go from ${from} to ${kvHeads} KV heads: one count must divide the other`);
  const mode = kvHeads === from ? 'unchanged' : kvHeads < from ? 'pool' : 'expand';

  const tensors: GgufTensorInput[] = header.tensors.map((tensor) => {
    const data = tensorData(header, file, tensor);
    if (mode === 'unchanged' || !kvProjection.test(tensor.name))
      return { name: tensor.name, type: tensor.type, shape: tensor.shape, data };
    const rowLength = tensor.shape.length > 1 ? tensor.shape[0]! : 1; // a bias is one value per output row
    const rows = from * headDim;
    if (rows * rowLength !== tensor.shape.reduce((a, b) => a * b, 1))
      throw new Error(`${tensor.name}: shape [${tensor.shape}] is not ${from} heads of ${headDim}`);
    const shape = tensor.shape.length > 1 ? [rowLength, kvHeads * headDim] : [kvHeads * headDim];
    const heads: HeadChange = { rowLength, headDim, from, to: kvHeads };
    const out = mode === 'expand' ? repeatHeads(tensor, data, heads) : poolHeads(tensor, data, heads);
    return { name: tensor.name, type: tensor.type, shape, data: out };
  });

  const metadata = typedMetadata(header);
  const key = `${config.architecture}.attention.head_count_kv`;
  const stored = metadata.get(key);
  if (stored && typeof stored.value !== 'number')
    throw new Error(`${key} is per layer; only a single count is supported`);
  metadata.set(key, { type: stored?.type ?? GgufValueType.UINT32, value: kvHeads });
  return { file: writeGguf({ metadata, tensors }, header.alignment), from, to: kvHeads, mode };
}

/** A K or V projection's heads: `from` heads of headDim rows of rowLength values become `to` heads. */
interface HeadChange {
  rowLength: number;
  headDim: number;
  from: number;
  to: number;
}

/** New head j is old head floor(j / (to / from)): raw row bytes copied, so any type is kept exactly. */
function repeatHeads(tensor: GgufTensorInfo, data: Uint8Array, heads: HeadChange): Uint8Array {
  const { rowLength, headDim, from, to } = heads;
  const headBytes = tensorBytes(tensor.type, rowLength) * headDim;
  const out = new Uint8Array(headBytes * to);
  const repeat = to / from;
  for (let j = 0; j < to; j++) {
    const old = Math.floor(j / repeat);
    out.set(data.subarray(old * headBytes, (old + 1) * headBytes), j * headBytes);
  }
  return out;
}

/** New head j is the mean of old heads j*g .. j*g+g-1 (g = from / to), re-encoded in the tensor's type. */
function poolHeads(tensor: GgufTensorInfo, data: Uint8Array, heads: HeadChange): Uint8Array {
  const { rowLength, headDim, from, to } = heads;
  const type: GgmlType = tensor.type;
  if (!isQuantizable(type)) throw new Error(`${tensor.name}: cannot re-encode type ${type} after pooling`);
  const headElements = headDim * rowLength;
  const values = dequantize(type, data, from * headElements); // (from, headDim, rowLength)
  const pooled = new Float32Array(to * headElements); // (to, headDim, rowLength)
  const group = from / to;
  for (let j = 0; j < to; j++) {
    for (let e = 0; e < headElements; e++) {
      let sum = 0;
      for (let g = 0; g < group; g++) sum += values[(j * group + g) * headElements + e]!;
      pooled[j * headElements + e] = sum / group;
    }
  }
  return quantize(type, pooled);
}
