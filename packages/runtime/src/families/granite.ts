// granite (llama.cpp src/models/granite.cpp, dense Granite 3.x): the llama graph with four multipliers: the
// embeddings times embedding_scale, each block's output times residual_scale in its residual add, the attention
// scores times attention.scale (in place of 1 / sqrt(head_dim)), the logits divided by logit_scale. A multiplier
// stored as 0 or absent is not applied, as llama.cpp does. RoPE on adjacent pairs (the converter permutes Q/K as
// llama's). Variants this graph does not run (no RoPE, biases, experts, vision deepstack) are refused.
import { UnsupportedModelError } from '../errors.ts';
import { type ModelSource, optionalNumber, requiredNumber } from '../model/config.ts';
import { family } from './family.ts';
import { buildLlamaGraph, type LlamaConfig, readLlamaConfig } from './llama.ts';

/** Tensors llama.cpp's granite graph reads when present and ours does not. */
const unsupportedTensors = ['attn_output.bias', 'ffn_gate.bias', 'ffn_up.bias', 'ffn_down.bias'];

function readGraniteConfig(source: ModelSource): LlamaConfig {
  const m = source.metadata;
  for (const key of ['granite.deepstack_mapping', 'granite.expert_count'])
    if (m.has(key)) throw new UnsupportedModelError(`granite with ${key} is not supported`, key);
  const finetuned = 'granite.rope.scaling.finetuned';
  if (m.get(finetuned) === false)
    throw new UnsupportedModelError('granite without RoPE is not supported', finetuned);
  const extra = source.tensors.find((t) => unsupportedTensors.some((n) => t.name.endsWith(n)));
  if (extra) throw new UnsupportedModelError(`granite tensor ${extra.name} is not supported`, extra.name);
  /** A multiplier, undefined where the file leaves it out or stores 0 (the same to llama.cpp). */
  const multiplier = (key: string) => optionalNumber(m, `granite.${key}`, 0) || undefined;
  const logitScale = requiredNumber(m, 'granite.logit_scale');
  const attentionScale = multiplier('attention.scale');
  const embeddingScale = multiplier('embedding_scale');
  const residualScale = multiplier('residual_scale');
  return {
    ...readLlamaConfig(source),
    ...(attentionScale !== undefined && { attention: { scale: attentionScale } }),
    ...(embeddingScale !== undefined && { embeddingScale }),
    ...(residualScale !== undefined && { residualScale }),
    logitScale: 1 / logitScale,
  };
}

export const granite = family({
  architecture: 'granite',
  readConfig: readGraniteConfig,
  buildGraph: buildLlamaGraph,
});
