// Which ggml type each tensor gets, following llama.cpp's llama_tensor_get_type for the file types we generate.
import { GgmlType } from '@wgllm/gguf';

export type QuantRecipe = 'Q4_0' | 'Q4_K_M' | 'Q8_0';
export const quantRecipes: readonly QuantRecipe[] = ['Q4_0', 'Q4_K_M', 'Q8_0'];

export type TensorRole = 'output' | 'attn_v' | 'ffn_down' | 'other';

/** llama.cpp's use_more_bits: the first and last eighth of the layers, and every third one between. */
function useMoreBits(layer: number, layers: number): boolean {
  return layer < layers / 8 || layer >= (7 * layers) / 8 || (layer - Math.floor(layers / 8)) % 3 === 2;
}

/** K-quants need rows of a multiple of 256; llama.cpp then falls back to these legacy types. */
const kQuantFallback: Partial<Record<GgmlType, GgmlType>> = {
  [GgmlType.Q4_K]: GgmlType.Q5_0,
  [GgmlType.Q6_K]: GgmlType.Q8_0,
};

/** The type of a 2-D weight of `rowLength` values per row (`layer` is -1 outside the blocks). */
export function tensorType(
  recipe: QuantRecipe,
  role: TensorRole,
  layer: number,
  layers: number,
  rowLength: number,
): GgmlType {
  let type: GgmlType;
  if (recipe === 'Q8_0') type = GgmlType.Q8_0;
  else if (role === 'output') type = GgmlType.Q6_K;
  else if (recipe === 'Q4_0') type = GgmlType.Q4_0;
  else if ((role === 'attn_v' || role === 'ffn_down') && useMoreBits(layer, layers)) type = GgmlType.Q6_K;
  else type = GgmlType.Q4_K;
  const fallback = kQuantFallback[type];
  return rowLength % 256 !== 0 && fallback !== undefined ? fallback : type;
}
