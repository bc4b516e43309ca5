// Deterministic random-weight GGUF models of the llama family, for whole-model tests of weight types and
// architectures that no real fixture covers. Same spec, same bytes: tests check the files' sha256.
import { GgmlType, type GgufTensorInput, ggufValue, quantize, writeGguf } from '@wgllm/gguf';
import { syntheticVocab } from '@wgllm/gguf/testing';
import { SeededRandom } from '../sampling/rng.ts';

/** The families this generator writes in their exact tensor layout and metadata keys. */
export type SyntheticArchitecture = 'llama' | 'qwen2' | 'qwen3';

/** The dimensions every synthetic model has. */
export interface SyntheticShape {
  nEmbd: number;
  nFf: number;
  nLayer: number;
  nHead: number;
  nHeadKv: number;
  /** Elements per head; written as `attention.key_length` when it differs from nEmbd / nHead. */
  headDim: number;
  vocab: number;
}

export interface SyntheticModelSpec extends SyntheticShape {
  architecture: SyntheticArchitecture;
  /** Type of every 2-D weight, the token embedding and the output head included. */
  type: GgmlType;
  /** No output.weight: the head reuses token_embd (in the same type). */
  tiedOutput: boolean;
  seed: number;
}

/**
 * Standard deviation of the logits the head is scaled for. Over 512 tokens the top-2 gap averages LOGIT_STD / 3.5:
 * about one greedy step in nine is a near-tie (ln(p1/p2) < 0.15). Larger would space near-ties further apart but
 * grows llama.cpp's divergence from exact arithmetic (its 8-bit activations: KL about proportional to LOGIT_STD²).
 */
export const LOGIT_STD = 4;
/**
 * Gain of the matrices that write into the residual stream (attn_output, ffn_down): the layers' contributions
 * outweigh the token's own embedding, which a tied head would otherwise keep predicting as the next token.
 */
const RESIDUAL_GAIN = 4;
/** Context the files declare (tokens). */
const CONTEXT_LENGTH = 512;

const architectureDefaults: Record<SyntheticArchitecture, { ropeBase: number; rmsEps: number }> = {
  llama: { ropeBase: 10000, rmsEps: 1e-5 },
  qwen2: { ropeBase: 1000000, rmsEps: 1e-6 },
  qwen3: { ropeBase: 1000000, rmsEps: 1e-6 },
};

/**
 * Seeded uniform tensors appended to `out`: F32 vectors, norm weights around a mean (not all ones, so that
 * multiplying by them is checked too) and matrices in the type `typeOf(name)` gives.
 */
export function tensorWriter(seed: number, typeOf: (name: string) => GgmlType) {
  const random = new SeededRandom(seed);
  /** Uniform values with mean `mean` and standard deviation `std`. */
  const uniform = (length: number, std: number, mean = 0) =>
    Float32Array.from({ length }, () => mean + (2 * random.next() - 1) * std * Math.sqrt(3));
  const out: GgufTensorInput[] = [];
  const vector = (name: string, length: number, std: number, mean = 0) =>
    out.push({
      name,
      type: GgmlType.F32,
      shape: [length],
      data: quantize(GgmlType.F32, uniform(length, std, mean)),
    });
  const norm = (name: string, length: number, mean = 1) => vector(name, length, 0.15 * mean, mean);
  /** A (rows x rowLength) weight of std `std`; 1 / sqrt(rowLength) keeps activations at unit scale. */
  const matrix = (name: string, rowLength: number, rows: number, std = 1 / Math.sqrt(rowLength)) => {
    const type = typeOf(name);
    out.push({ name, type, shape: [rowLength, rows], data: quantize(type, uniform(rowLength * rows, std)) });
  };
  return { out, vector, norm, matrix };
}

/** The llama-layout tensors of `spec` (family generators edit this list: synthetic-<family>.ts). */
export function syntheticTensors(spec: SyntheticModelSpec): GgufTensorInput[] {
  const { out, vector, norm, matrix } = tensorWriter(spec.seed, () => spec.type);
  const { nEmbd, nFf, vocab } = spec;
  const qDim = spec.nHead * spec.headDim;
  const kvDim = spec.nHeadKv * spec.headDim;
  const headStd = LOGIT_STD / Math.sqrt(nEmbd);
  matrix('token_embd.weight', nEmbd, vocab, spec.tiedOutput ? headStd : 1);
  for (let l = 0; l < spec.nLayer; l++) {
    const blk = `blk.${l}`;
    norm(`${blk}.attn_norm.weight`, nEmbd);
    matrix(`${blk}.attn_q.weight`, nEmbd, qDim);
    matrix(`${blk}.attn_k.weight`, nEmbd, kvDim);
    matrix(`${blk}.attn_v.weight`, nEmbd, kvDim);
    if (spec.architecture === 'qwen2') {
      vector(`${blk}.attn_q.bias`, qDim, 0.5);
      vector(`${blk}.attn_k.bias`, kvDim, 0.5);
      vector(`${blk}.attn_v.bias`, kvDim, 0.5);
    }
    if (spec.architecture === 'qwen3') {
      norm(`${blk}.attn_q_norm.weight`, spec.headDim);
      norm(`${blk}.attn_k_norm.weight`, spec.headDim);
    }
    matrix(`${blk}.attn_output.weight`, qDim, nEmbd, RESIDUAL_GAIN / Math.sqrt(qDim));
    norm(`${blk}.ffn_norm.weight`, nEmbd);
    matrix(`${blk}.ffn_gate.weight`, nEmbd, nFf);
    matrix(`${blk}.ffn_up.weight`, nEmbd, nFf);
    matrix(`${blk}.ffn_down.weight`, nFf, nEmbd, RESIDUAL_GAIN / Math.sqrt(nFf));
  }
  norm('output_norm.weight', nEmbd);
  if (!spec.tiedOutput) matrix('output.weight', nEmbd, vocab, headStd);
  return out;
}

/** The leading metadata keys of a synthetic file: its name and dimensions, `<arch>.` keys as llama.cpp reads them. */
export function shapeMetadata(arch: string, shape: SyntheticShape, label: string) {
  return {
    'general.architecture': arch,
    'general.name': `synthetic ${arch} ${label}`,
    [`${arch}.context_length`]: ggufValue.u32(CONTEXT_LENGTH),
    [`${arch}.embedding_length`]: ggufValue.u32(shape.nEmbd),
    [`${arch}.block_count`]: ggufValue.u32(shape.nLayer),
    [`${arch}.feed_forward_length`]: ggufValue.u32(shape.nFf),
    [`${arch}.attention.head_count`]: ggufValue.u32(shape.nHead),
    [`${arch}.attention.head_count_kv`]: ggufValue.u32(shape.nHeadKv),
  };
}

/** The metadata keys of `spec`. */
export function syntheticMetadata(spec: SyntheticModelSpec) {
  const arch = spec.architecture;
  const { ropeBase, rmsEps } = architectureDefaults[arch];
  const headDimKeys =
    spec.headDim === spec.nEmbd / spec.nHead
      ? {}
      : {
          [`${arch}.attention.key_length`]: ggufValue.u32(spec.headDim),
          [`${arch}.attention.value_length`]: ggufValue.u32(spec.headDim),
        };
  return {
    ...shapeMetadata(arch, spec, `${GgmlType[spec.type]} (random weights, seed ${spec.seed})`),
    ...headDimKeys,
    [`${arch}.rope.dimension_count`]: ggufValue.u32(spec.headDim),
    [`${arch}.rope.freq_base`]: ggufValue.f32(ropeBase),
    [`${arch}.attention.layer_norm_rms_epsilon`]: ggufValue.f32(rmsEps),
    ...syntheticVocab(spec.vocab),
  };
}

/** The model as a GGUF file. */
export function syntheticModel(spec: SyntheticModelSpec): Uint8Array {
  return writeGguf({ metadata: syntheticMetadata(spec), tensors: syntheticTensors(spec) });
}
