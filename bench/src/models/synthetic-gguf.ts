// Writes a llama-architecture (or gemma3, phi3) GGUF with a real model's shapes, random weights and a quantization
// recipe, cached under .cache/bench-models (generated once per shape, recipe and layer count).
import { once } from 'node:events';
import { createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import {
  GgmlType,
  type GgufMetadataInput,
  type GgufTensorInput,
  ggufValue,
  quantize,
  writeGgufChunks,
} from '@wgllm/gguf';
import { syntheticVocab } from '@wgllm/gguf/testing';
import { chooseTensorType, resolveFileType } from '@wgllm/quality';
import { llama3RopeFreqs, longRopeAttnFactor } from '@wgllm/runtime/testing';
import { BlockPool, XorShift } from './block-pool.ts';
import type { QuantRecipe } from './quant-recipe.ts';
import type { ModelShape } from './shapes.ts';

/** Logit standard deviation the tied embedding is scaled for, so greedy picks are not ties. */
const LOGIT_STD = 4;

/** Context the synthetic files declare (tokens): enough for the bench's prompts, small KV caches. */
export const SYNTHETIC_CONTEXT = 2048;

/** A real tokenizer to write instead of the made-up SentencePiece one: its `tokenizer.*` metadata. */
export interface SyntheticVocabulary {
  /** Names the vocabulary in the cached file's name. */
  id: string;
  metadata: Record<string, GgufMetadataInput>;
}

export function syntheticFileName(
  shape: ModelShape,
  recipe: QuantRecipe,
  layers: number,
  vocabulary?: SyntheticVocabulary,
): string {
  return `${shape.id}-${recipe}-${layers}L${vocabulary ? `-${vocabulary.id}` : ''}.gguf`;
}

function tensors(shape: ModelShape, recipe: QuantRecipe, layers: number): GgufTensorInput[] {
  const pool = new BlockPool(new XorShift(0x2545f491));
  const headDim = shape.headDim ?? shape.embedding / shape.heads;
  const gemma = shape.architecture === 'gemma3';
  const phi3 = shape.architecture === 'phi3';
  const out: GgufTensorInput[] = [];
  const ones = (name: string, length: number) =>
    out.push({
      name,
      type: GgmlType.F32,
      shape: [length],
      data: new Uint8Array(new Float32Array(length).fill(1).buffer),
    });
  const fileType = resolveFileType(recipe);
  // Tied: llama.cpp quantizes token_embd as the output head when there is no output.weight.
  const recipeShape = { nLayer: layers, nHead: shape.heads, nHeadKv: shape.kvHeads, tied: true };
  /** A (rows x rowLength) weight; uniform values keep activations at unit scale (std 1/sqrt(rowLength)). */
  const matrix = (name: string, rowLength: number, rows: number, std: number) => {
    const f32 = { name, type: GgmlType.F32, shape: [rowLength, rows] };
    const type = chooseTensorType(recipeShape, fileType, f32).to;
    const data = pool.tensor(type, std * Math.sqrt(3), rowLength * rows);
    out.push({ name, type, shape: [rowLength, rows], data });
  };
  const unit = (rowLength: number) => 1 / Math.sqrt(rowLength);
  matrix('token_embd.weight', shape.embedding, shape.vocab, LOGIT_STD / Math.sqrt(shape.embedding));
  ones('output_norm.weight', shape.embedding);
  if (shape.llama3Rope) {
    const factors = llama3RopeFreqs(headDim, shape.ropeTheta, shape.llama3Rope);
    const data = quantize(GgmlType.F32, factors);
    out.push({ name: 'rope_freqs.weight', type: GgmlType.F32, shape: [headDim / 2], data });
  }
  if (shape.longRopeOrigContext !== undefined) {
    // LongRoPE factors shaped like Phi's (short near 1, long rising to ~64); speed does not depend on them.
    const pairs = (shape.ropeDims ?? headDim) / 2;
    for (const [name, top] of [
      ['rope_factors_long.weight', 64],
      ['rope_factors_short.weight', 2],
    ] as const) {
      const factors = Float32Array.from({ length: pairs }, (_, i) => 1 + (top - 1) * (i / (pairs - 1)) ** 2);
      out.push({ name, type: GgmlType.F32, shape: [pairs], data: quantize(GgmlType.F32, factors) });
    }
  }
  const [qDim, kvDim] = [shape.heads * headDim, shape.kvHeads * headDim];
  for (let i = 0; i < layers; i++) {
    const blk = `blk.${i}`;
    ones(`${blk}.attn_norm.weight`, shape.embedding);
    if (phi3) {
      matrix(`${blk}.attn_qkv.weight`, shape.embedding, qDim + 2 * kvDim, unit(shape.embedding));
    } else {
      matrix(`${blk}.attn_q.weight`, shape.embedding, qDim, unit(shape.embedding));
      matrix(`${blk}.attn_k.weight`, shape.embedding, kvDim, unit(shape.embedding));
      matrix(`${blk}.attn_v.weight`, shape.embedding, kvDim, unit(shape.embedding));
    }
    if (gemma) {
      ones(`${blk}.attn_q_norm.weight`, headDim);
      ones(`${blk}.attn_k_norm.weight`, headDim);
      ones(`${blk}.post_attention_norm.weight`, shape.embedding);
      ones(`${blk}.post_ffw_norm.weight`, shape.embedding);
    }
    matrix(`${blk}.attn_output.weight`, shape.heads * headDim, shape.embedding, unit(shape.embedding));
    ones(`${blk}.ffn_norm.weight`, shape.embedding);
    // phi3's ffn_up holds the gate rows then the up rows.
    if (!phi3) matrix(`${blk}.ffn_gate.weight`, shape.embedding, shape.feedForward, unit(shape.embedding));
    const upRows = phi3 ? 2 * shape.feedForward : shape.feedForward;
    matrix(`${blk}.ffn_up.weight`, shape.embedding, upRows, unit(shape.embedding));
    matrix(`${blk}.ffn_down.weight`, shape.feedForward, shape.embedding, unit(shape.feedForward));
  }
  return out;
}

function metadata(
  shape: ModelShape,
  recipe: QuantRecipe,
  layers: number,
  vocabulary: SyntheticVocabulary | undefined,
) {
  const arch = shape.architecture ?? 'llama';
  const headDim = shape.headDim ?? shape.embedding / shape.heads;
  const window = shape.slidingWindow !== undefined && {
    [`${arch}.attention.sliding_window`]: ggufValue.u32(shape.slidingWindow),
    ...(shape.slidingWindowPattern !== undefined && {
      [`${arch}.attention.sliding_window_pattern`]: ggufValue.u32(shape.slidingWindowPattern),
    }),
  };
  return {
    'general.architecture': arch,
    'general.name': `synthetic ${shape.id} ${recipe} ${layers}L (shape of ${shape.source}, random weights)`,
    [`${arch}.context_length`]: ggufValue.u32(SYNTHETIC_CONTEXT),
    [`${arch}.embedding_length`]: ggufValue.u32(shape.embedding),
    [`${arch}.block_count`]: ggufValue.u32(layers),
    [`${arch}.feed_forward_length`]: ggufValue.u32(shape.feedForward),
    [`${arch}.attention.head_count`]: ggufValue.u32(shape.heads),
    [`${arch}.attention.head_count_kv`]: ggufValue.u32(shape.kvHeads),
    ...(shape.headDim !== undefined && {
      [`${arch}.attention.key_length`]: ggufValue.u32(headDim),
      [`${arch}.attention.value_length`]: ggufValue.u32(headDim),
    }),
    [`${arch}.rope.dimension_count`]: ggufValue.u32(shape.ropeDims ?? headDim),
    ...(shape.longRopeOrigContext !== undefined && {
      [`${arch}.rope.scaling.original_context_length`]: ggufValue.u32(shape.longRopeOrigContext),
      [`${arch}.rope.scaling.attn_factor`]: ggufValue.f32(
        longRopeAttnFactor(shape.contextLength, shape.longRopeOrigContext),
      ),
    }),
    [`${arch}.rope.freq_base`]: ggufValue.f32(shape.ropeTheta),
    [`${arch}.attention.layer_norm_rms_epsilon`]: ggufValue.f32(shape.rmsEpsilon),
    [`${arch}.vocab_size`]: ggufValue.u32(shape.vocab),
    ...window,
    ...(vocabulary?.metadata ?? syntheticVocab(shape.vocab)),
  };
}

/** The cached file's path, generating it first when missing. */
export async function syntheticModel(
  cacheDir: string,
  shape: ModelShape,
  recipe: QuantRecipe,
  layers: number,
  /** Its token count must be shape.vocab. */
  vocabulary?: SyntheticVocabulary,
): Promise<string> {
  const path = join(cacheDir, syntheticFileName(shape, recipe, layers, vocabulary));
  if (existsSync(path)) return path;
  mkdirSync(cacheDir, { recursive: true });
  const partial = `${path}.partial`;
  const stream = createWriteStream(partial);
  for (const chunk of writeGgufChunks({
    metadata: metadata(shape, recipe, layers, vocabulary),
    tensors: tensors(shape, recipe, layers),
  })) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  stream.end();
  await once(stream, 'finish');
  renameSync(partial, path);
  return path;
}
