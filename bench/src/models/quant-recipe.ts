// The llama.cpp file types the bench writes its synthetic models in; which tensor gets which type is
// llama.cpp's mix as @wgllm/quality implements it (chooseTensorType), the same as `wgllm quantize`.
export type QuantRecipe = 'Q4_0' | 'Q4_K_M' | 'Q8_0';
export const quantRecipes: readonly QuantRecipe[] = ['Q4_0', 'Q4_K_M', 'Q8_0'];
