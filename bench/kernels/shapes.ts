// The real matrix shapes the lab measures: each model's attention and FFN projections and its LM head.
// Weights are (rows, cols) in GGUF layout: y (rows) = W x (cols).

export interface ModelShape {
  name: string;
  nEmbd: number;
  nFf: number;
  vocab: number;
  nHead: number;
  nHeadKv: number;
  headDim: number;
}

export const models: readonly ModelShape[] = [
  { name: 'Qwen2.5-0.5B', nEmbd: 896, nFf: 4864, vocab: 151936, nHead: 14, nHeadKv: 2, headDim: 64 },
  { name: 'Llama-3.2-1B', nEmbd: 2048, nFf: 8192, vocab: 128256, nHead: 32, nHeadKv: 8, headDim: 64 },
  { name: 'Gemma-3-1B', nEmbd: 1152, nFf: 6912, vocab: 262144, nHead: 8, nHeadKv: 1, headDim: 256 },
  { name: 'Phi-4-mini', nEmbd: 3072, nFf: 8192, vocab: 200064, nHead: 24, nHeadKv: 8, headDim: 128 },
];

export type MatrixRole = 'attn_q' | 'attn_kv' | 'ffn_up' | 'ffn_down' | 'lm_head';

export interface MatrixShape {
  model: string;
  role: MatrixRole;
  rows: number;
  cols: number;
}

export function matrixShape(model: ModelShape, role: MatrixRole): MatrixShape {
  const dims: Record<MatrixRole, [number, number]> = {
    attn_q: [model.nHead * model.headDim, model.nEmbd],
    attn_kv: [model.nHeadKv * model.headDim, model.nEmbd],
    ffn_up: [model.nFf, model.nEmbd],
    ffn_down: [model.nEmbd, model.nFf],
    lm_head: [model.vocab, model.nEmbd],
  };
  const [rows, cols] = dims[role];
  return { model: model.name, role, rows, cols };
}
