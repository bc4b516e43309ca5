// The tensors a llama-family model needs, with their expected ggml shapes (ne[0] first: [cols, rows] for a matrix).
import { UnsupportedModelError } from '../errors.ts';
import type { ModelConfig } from './config.ts';

export interface TensorSpec {
  name: string;
  /** ggml order: ne[0] (contiguous) first. */
  shape: readonly number[];
}

export interface LayerTensorSpecs {
  attnNorm: TensorSpec;
  q: TensorSpec;
  k: TensorSpec;
  v: TensorSpec;
  /** Present for qwen2 (qkvBias). */
  qBias?: TensorSpec;
  kBias?: TensorSpec;
  vBias?: TensorSpec;
  /** Present for qwen3 (qkNorm): per-head RMSNorm weights, (headDim). */
  qNorm?: TensorSpec;
  kNorm?: TensorSpec;
  attnOutput: TensorSpec;
  ffnNorm: TensorSpec;
  ffnGate: TensorSpec;
  ffnUp: TensorSpec;
  ffnDown: TensorSpec;
}

export interface ModelTensorSpecs {
  tokenEmbedding: TensorSpec;
  outputNorm: TensorSpec;
  /** `token_embd.weight` itself when the output is tied. */
  output: TensorSpec;
  layers: LayerTensorSpecs[];
}

export function modelTensorSpecs(c: ModelConfig): ModelTensorSpecs {
  const qDim = c.nHead * c.headDim;
  const kvDim = c.nHeadKv * c.headDim;
  const tokenEmbedding = { name: 'token_embd.weight', shape: [c.nEmbd, c.vocabSize] };
  const layers = Array.from({ length: c.nLayer }, (_, i): LayerTensorSpecs => {
    const t = (suffix: string, ...shape: number[]): TensorSpec => ({ name: `blk.${i}.${suffix}`, shape });
    return {
      attnNorm: t('attn_norm.weight', c.nEmbd),
      q: t('attn_q.weight', c.nEmbd, qDim),
      k: t('attn_k.weight', c.nEmbd, kvDim),
      v: t('attn_v.weight', c.nEmbd, kvDim),
      ...(c.qkvBias && {
        qBias: t('attn_q.bias', qDim),
        kBias: t('attn_k.bias', kvDim),
        vBias: t('attn_v.bias', kvDim),
      }),
      ...(c.qkNorm && {
        qNorm: t('attn_q_norm.weight', c.headDim),
        kNorm: t('attn_k_norm.weight', c.headDim),
      }),
      attnOutput: t('attn_output.weight', qDim, c.nEmbd),
      ffnNorm: t('ffn_norm.weight', c.nEmbd),
      ffnGate: t('ffn_gate.weight', c.nEmbd, c.nFf),
      ffnUp: t('ffn_up.weight', c.nEmbd, c.nFf),
      ffnDown: t('ffn_down.weight', c.nFf, c.nEmbd),
    };
  });
  return {
    tokenEmbedding,
    outputNorm: { name: 'output_norm.weight', shape: [c.nEmbd] },
    output: c.tiedOutput ? tokenEmbedding : { name: 'output.weight', shape: [c.nEmbd, c.vocabSize] },
    layers,
  };
}

export function allTensorSpecs(specs: ModelTensorSpecs): TensorSpec[] {
  const layerSpecs = specs.layers.flatMap((layer) => Object.values(layer) as TensorSpec[]);
  const all = [specs.tokenEmbedding, specs.outputNorm, specs.output, ...layerSpecs];
  return all.filter((spec, i) => all.findIndex((s) => s.name === spec.name) === i);
}

/** Tensors whose presence changes the maths in ways this runtime does not implement. */
const unsupportedTensors: Record<string, string> = {
  'rope_freqs.weight': 'per-dimension RoPE frequency factors (llama 3.1 rope scaling)',
};

/**
 * Refuses the model unless every needed tensor exists with the expected shape and a type the backend can use.
 * `typeName` turns a type id into a readable name for the error.
 */
export function checkTensors(
  specs: ModelTensorSpecs,
  tensors: readonly { name: string; type: number; shape: readonly number[] }[],
  supportedTypes: ReadonlySet<number>,
  typeName: (type: number) => string,
): void {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const [name, what] of Object.entries(unsupportedTensors)) {
    if (byName.has(name))
      throw new UnsupportedModelError(`tensor ${name} needs ${what}, not supported`, name);
  }
  for (const spec of allTensorSpecs(specs)) {
    const tensor = byName.get(spec.name);
    if (!tensor) throw new UnsupportedModelError(`tensor ${spec.name} is missing`, spec.name);
    if (tensor.shape.join(',') !== spec.shape.join(',')) {
      throw new UnsupportedModelError(
        `tensor ${spec.name} has shape [${tensor.shape}], expected [${spec.shape}]`,
        spec.name,
      );
    }
    if (!supportedTypes.has(tensor.type)) {
      throw new UnsupportedModelError(
        `tensor ${spec.name} has type ${typeName(tensor.type)}, not supported`,
        typeName(tensor.type),
      );
    }
  }
}
