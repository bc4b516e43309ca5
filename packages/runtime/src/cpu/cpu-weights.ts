import type { ModelConfig } from '../model/config.ts';
import type { LayerTensorSpecs, ModelTensorSpecs, TensorSpec } from '../model/tensors.ts';

/** One layer's weights as f32, row-major: a matrix with ggml shape [cols, rows] is (rows, cols). */
export interface CpuLayerWeights {
  attnNorm: Float32Array; // (n_embd)
  q: Float32Array; // (n_head * head_dim, n_embd)
  k: Float32Array; // (n_head_kv * head_dim, n_embd)
  v: Float32Array; // (n_head_kv * head_dim, n_embd)
  qBias?: Float32Array; // (n_head * head_dim)
  kBias?: Float32Array; // (n_head_kv * head_dim)
  vBias?: Float32Array; // (n_head_kv * head_dim)
  qNorm?: Float32Array; // (head_dim)
  kNorm?: Float32Array; // (head_dim)
  attnOutput: Float32Array; // (n_embd, n_head * head_dim)
  ffnNorm: Float32Array; // (n_embd)
  ffnGate: Float32Array; // (n_ff, n_embd)
  ffnUp: Float32Array; // (n_ff, n_embd)
  ffnDown: Float32Array; // (n_embd, n_ff)
}

export interface CpuWeights {
  tokenEmbedding: Float32Array; // (vocab, n_embd)
  outputNorm: Float32Array; // (n_embd)
  output: Float32Array; // (vocab, n_embd), the same array as tokenEmbedding when tied
  layers: CpuLayerWeights[];
}

/** Builds the weights by asking `load` for each named tensor as f32 (each tensor is loaded once). */
export function buildCpuWeights(
  config: ModelConfig,
  specs: ModelTensorSpecs,
  load: (spec: TensorSpec) => Float32Array,
): CpuWeights {
  const tokenEmbedding = load(specs.tokenEmbedding);
  const layers = specs.layers.map((layer) => {
    const out: Partial<Record<keyof LayerTensorSpecs, Float32Array>> = {};
    for (const [key, spec] of Object.entries(layer) as [keyof LayerTensorSpecs, TensorSpec][])
      out[key] = load(spec);
    return out as CpuLayerWeights;
  });
  return {
    tokenEmbedding,
    outputNorm: load(specs.outputNorm),
    output: config.tiedOutput ? tokenEmbedding : load(specs.output),
    layers,
  };
}
