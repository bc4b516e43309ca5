// Which ggml type each tensor gets for a llama.cpp file type: llama_tensor_get_type() of src/llama-quant.cpp
// for dense (non-MoE, non-Falcon) models and the file types in file-types.ts, including its shape fallbacks
// (a row length that is not a whole number of blocks demotes a K-quant to a 32-block type, then to F16).
import { blockLayouts, GgmlType } from '@wgllm/gguf';
import type { FileType } from './file-types.ts';

export interface RecipeTensor {
  name: string;
  type: GgmlType;
  /** ggml order: shape[0] is the row length. */
  shape: readonly number[];
}

/** What llama.cpp's mix reads of a model besides the tensor itself. */
export interface RecipeShape {
  nLayer: number;
  nHead: number;
  nHeadKv: number;
  /** No output.weight: token_embd is the head and is typed as the head. */
  tied: boolean;
  /**
   * Layers with a V projection (attn_v or attn_qkv), in order: llama.cpp numbers V tensors among themselves,
   * which hybrids (LFM2's conv layers have none) make differ from the layer index. Default: every layer.
   */
  attentionLayers?: readonly number[];
}

export interface RecipeModel extends Omit<RecipeShape, 'tied'> {
  tensors: readonly RecipeTensor[];
}

export interface TensorChoice {
  name: string;
  from: GgmlType;
  to: GgmlType;
  /** The type the mix asked for when the row length forced a fallback. */
  wanted?: GgmlType;
}

const T = GgmlType;

/** ggml_n_dims: dimensions up to the last one larger than 1. */
function nDims(shape: readonly number[]): number {
  for (let i = shape.length - 1; i >= 1; i--) if (shape[i]! > 1) return i + 1;
  return 1;
}

/** tensor_allows_quantization for the tensors a llama-family file holds. */
function allowsQuantization(tensor: RecipeTensor): boolean {
  const n = tensor.name;
  return (
    nDims(tensor.shape) >= 2 &&
    n.endsWith('weight') &&
    !n.includes('_norm.weight') &&
    !n.includes('ffn_gate_inp.weight') &&
    n !== 'position_embd.weight' &&
    n !== 'token_types.weight' &&
    // Small conv kernels (Mamba's, LFM2's) stay as they are.
    !n.includes('ssm_conv1d') &&
    !n.includes('shortconv.conv.weight')
  );
}

type Category =
  | 'output'
  | 'token_embd'
  | 'attn_qkv'
  | 'attn_v'
  | 'attn_k'
  | 'attn_q'
  | 'attn_output'
  | 'ffn_down'
  | 'other';

function categoryOf(name: string): Category {
  if (name === 'output.weight') return 'output';
  if (name === 'token_embd.weight') return 'token_embd';
  for (const c of ['attn_qkv', 'attn_v', 'attn_k', 'attn_q', 'attn_output'] as const)
    if (name.includes(`${c}.weight`)) return c;
  if (name.includes('ffn_down')) return 'ffn_down';
  return 'other';
}

const layerOf = (name: string) => Number(/^blk\.(\d+)\./.exec(name)?.[1] ?? -1);

/** use_more_bits: the first and last eighth of the layers, and every third layer in between. */
function useMoreBits(layer: number, nLayers: number): boolean {
  const eighth = Math.trunc(nLayers / 8);
  return layer < eighth || layer >= Math.trunc((7 * nLayers) / 8) || (layer - eighth) % 3 === 2;
}

/** The mix (llama_tensor_get_type_impl) for the file types we support. */
function mixType(model: RecipeShape, ft: string, tensor: RecipeTensor, type: GgmlType): GgmlType {
  const category = categoryOf(tensor.name);
  const layer = layerOf(tensor.name);
  const n = model.nLayer;
  const gqa = model.nHead / model.nHeadKv;
  // attn_v: its index among the V tensors, and how many there are.
  const vLayer = model.attentionLayers ? model.attentionLayers.indexOf(layer) : layer;
  const vCount = model.attentionLayers?.length ?? n;
  if (category === 'output' || (model.tied && category === 'token_embd')) {
    if (tensor.shape[0]! % blockLayouts[type].blockSize !== 0) return T.Q8_0;
    return type === T.Q8_0 ? T.Q8_0 : T.Q6_K;
  }
  switch (category) {
    case 'attn_v':
      if (ft === 'Q2_K') return gqa >= 4 ? T.Q4_K : T.Q3_K;
      if (ft === 'Q2_K_S' && gqa >= 4) return T.Q4_K;
      if (ft === 'Q3_K_M') return vLayer < 2 ? T.Q5_K : T.Q4_K;
      if (ft === 'Q3_K_L') return T.Q5_K;
      if (ft === 'IQ4_NL' && gqa >= 4) return T.Q5_K;
      if ((ft === 'Q4_K_M' || ft === 'Q5_K_M') && useMoreBits(vLayer, vCount)) return T.Q6_K;
      if (ft === 'Q4_K_S' && vLayer < 4) return T.Q5_K;
      return type;
    case 'ffn_down':
      if (ft === 'Q2_K') return T.Q3_K;
      if (ft === 'Q2_K_S') return layer < Math.trunc(n / 8) ? T.Q4_K : type;
      if (ft === 'Q3_K_M') return layer < Math.trunc(n / 16) ? T.Q5_K : T.Q4_K;
      if (ft === 'Q3_K_L') return T.Q5_K;
      if (ft === 'Q4_K_M') return useMoreBits(layer, n) ? T.Q6_K : type;
      if (layer < Math.trunc(n / 8) && ft === 'IQ4_NL') return T.Q5_K;
      if (ft === 'Q5_K_M' && useMoreBits(layer, n)) return T.Q6_K;
      if (ft === 'Q4_K_S' && layer < Math.trunc(n / 8)) return T.Q5_K;
      return type;
    case 'attn_output':
      if (ft === 'Q2_K') return T.Q3_K;
      if (ft === 'Q3_K_M') return T.Q4_K;
      if (ft === 'Q3_K_L') return T.Q5_K;
      return type;
    case 'attn_qkv':
      if (ft === 'Q3_K_M' || ft === 'Q3_K_L') return T.Q4_K;
      if (ft === 'Q4_K_M') return T.Q5_K;
      if (ft === 'Q5_K_M') return T.Q6_K;
      return type;
    default:
      return type;
  }
}

/** tensor_type_fallback: a type whose blocks do not tile the row. */
function fallbackType(rowLength: number, type: GgmlType): GgmlType {
  const fits = (t: GgmlType) => rowLength % blockLayouts[t].blockSize === 0;
  if (fits(type)) return type;
  const demoted: Partial<Record<GgmlType, GgmlType>> = {
    [T.Q2_K]: T.Q4_0,
    [T.Q3_K]: T.Q4_0,
    [T.Q4_K]: T.Q5_0,
    [T.Q5_K]: T.Q5_1,
    [T.Q6_K]: T.Q8_0,
    [T.IQ4_XS]: T.IQ4_NL,
  };
  const next = demoted[type] ?? type;
  return fits(next) ? next : T.F16;
}

/**
 * The type of one tensor for `fileType` (a file written tensor by tensor, as the bench's synthetic models);
 * `pure` gives every matrix the default type (llama-quantize --pure).
 */
export function chooseTensorType(
  model: RecipeShape,
  fileType: FileType,
  tensor: RecipeTensor,
  pure = false,
): TensorChoice {
  const quantized = ![T.F32, T.F16, T.BF16].includes(fileType.defaultType);
  if (!allowsQuantization(tensor)) return { name: tensor.name, from: tensor.type, to: tensor.type };
  if (!quantized) return { name: tensor.name, from: tensor.type, to: fileType.defaultType };
  const wanted = pure ? fileType.defaultType : mixType(model, fileType.name, tensor, fileType.defaultType);
  const to = fallbackType(tensor.shape[0]!, wanted);
  return to === wanted
    ? { name: tensor.name, from: tensor.type, to }
    : { name: tensor.name, from: tensor.type, to, wanted };
}

/** The type of every tensor of `model` for `fileType`. */
export function chooseTensorTypes(model: RecipeModel, fileType: FileType, pure = false): TensorChoice[] {
  const vTensors = model.tensors.filter((t) => ['attn_v', 'attn_qkv'].includes(categoryOf(t.name)));
  const shape = {
    ...model,
    tied: !model.tensors.some((t) => t.name === 'output.weight'),
    attentionLayers: vTensors.map((t) => layerOf(t.name)),
  };
  return model.tensors.map((tensor) => chooseTensorType(shape, fileType, tensor, pure));
}
