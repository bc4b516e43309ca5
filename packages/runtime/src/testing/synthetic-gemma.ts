// Deterministic random-weight GGUF models of the gemma2 and gemma3 families, in their exact tensor layout and
// metadata keys (llama.cpp's conversion/gemma.py): post-attention and post-FFN norms, Q/K norms (gemma3),
// tied head, a sliding window shorter than the tests so local and global layers both matter, and the
// soft caps (gemma2) small enough to bend the scores. Q4_K_M files take llama.cpp's per-tensor mix.
import { GgmlType, type GgufTensorInput, ggufValue, writeGguf } from '@wgllm/gguf';
import { syntheticVocab } from '@wgllm/gguf/testing';
import { resolveFileType } from '../../../quality/src/file-types.ts';
import { chooseTensorTypes } from '../../../quality/src/quant-recipe.ts';
import { LOGIT_STD, type SyntheticShape, shapeMetadata, tensorWriter } from './synthetic-model.ts';

export interface SyntheticGemmaSpec extends SyntheticShape {
  architecture: 'gemma2' | 'gemma3';
  /** llama.cpp file type: F32, Q8_0, Q4_K_M, ... (matrices; vectors stay F32). */
  fileType: string;
  slidingWindow: number;
  /** attention.sliding_window_pattern, written when given (gemma3's default is 6, gemma2's 2). */
  pattern?: number;
  /** gemma3: linear RoPE scaling factor of the global layers (Gemma 3 4B: 8). */
  ropeScale?: number;
  /** gemma2: attn_logit_softcapping and final_logit_softcapping. */
  softcaps?: { attention: number; final: number };
  seed: number;
}

type Writer = Pick<ReturnType<typeof tensorWriter>, 'norm' | 'matrix'>;

/** Every tensor of the model, in GGUF order, through `w`. */
function emitTensors(spec: SyntheticGemmaSpec, w: Writer): void {
  const { nEmbd, nFf, vocab } = spec;
  const qDim = spec.nHead * spec.headDim;
  const kvDim = spec.nHeadKv * spec.headDim;
  // Embeddings are scaled by sqrt(n_embd) on the way in: the tied head's logits keep LOGIT_STD.
  w.matrix('token_embd.weight', nEmbd, vocab, LOGIT_STD / Math.sqrt(nEmbd));
  // The post norms set each block's contribution to the residual. The scaled embedding has RMS LOGIT_STD and
  // its own row in the tied head reads it back sqrt(n_embd) times stronger than any other: blocks of this gain
  // bring that self-logit down to the others' spread, so the models predict more than their input token.
  const postGain = 3 * LOGIT_STD * Math.sqrt(nEmbd / (2 * spec.nLayer));
  for (let l = 0; l < spec.nLayer; l++) {
    const blk = `blk.${l}`;
    w.norm(`${blk}.attn_norm.weight`, nEmbd);
    w.matrix(`${blk}.attn_q.weight`, nEmbd, qDim);
    w.matrix(`${blk}.attn_k.weight`, nEmbd, kvDim);
    w.matrix(`${blk}.attn_v.weight`, nEmbd, kvDim);
    if (spec.architecture === 'gemma3') {
      w.norm(`${blk}.attn_q_norm.weight`, spec.headDim);
      w.norm(`${blk}.attn_k_norm.weight`, spec.headDim);
    }
    w.matrix(`${blk}.attn_output.weight`, qDim, nEmbd);
    w.norm(`${blk}.post_attention_norm.weight`, nEmbd, postGain);
    w.norm(`${blk}.ffn_norm.weight`, nEmbd);
    w.matrix(`${blk}.ffn_gate.weight`, nEmbd, nFf);
    w.matrix(`${blk}.ffn_up.weight`, nEmbd, nFf);
    w.matrix(`${blk}.ffn_down.weight`, nFf, nEmbd);
    w.norm(`${blk}.post_ffw_norm.weight`, nEmbd, postGain);
  }
  w.norm('output_norm.weight', nEmbd);
}

/** The type of each matrix: llama.cpp's choice for the file type, from the tensors' shapes. */
function matrixTypes(spec: SyntheticGemmaSpec): Map<string, GgmlType> {
  const tensors: { name: string; type: GgmlType; shape: number[] }[] = [];
  const add = (name: string, ...shape: number[]) => tensors.push({ name, type: GgmlType.F32, shape });
  emitTensors(spec, {
    norm: (name, length) => add(name, length),
    matrix: (name, cols, rows) => add(name, cols, rows),
  });
  const model = { nLayer: spec.nLayer, nHead: spec.nHead, nHeadKv: spec.nHeadKv, tensors };
  return new Map(chooseTensorTypes(model, resolveFileType(spec.fileType)).map((c) => [c.name, c.to]));
}

function tensors(spec: SyntheticGemmaSpec): GgufTensorInput[] {
  const types = matrixTypes(spec);
  const writer = tensorWriter(spec.seed, (name) => types.get(name)!);
  emitTensors(spec, writer);
  return writer.out;
}

function metadata(spec: SyntheticGemmaSpec) {
  const arch = spec.architecture;
  const optional = {
    ...(spec.pattern !== undefined && {
      [`${arch}.attention.sliding_window_pattern`]: ggufValue.u32(spec.pattern),
    }),
    ...(spec.ropeScale !== undefined && {
      [`${arch}.rope.scaling.type`]: 'linear',
      [`${arch}.rope.scaling.factor`]: ggufValue.f32(spec.ropeScale),
    }),
    ...(spec.softcaps && {
      [`${arch}.attn_logit_softcapping`]: ggufValue.f32(spec.softcaps.attention),
      [`${arch}.final_logit_softcapping`]: ggufValue.f32(spec.softcaps.final),
    }),
  };
  return {
    ...shapeMetadata(arch, spec, `${spec.fileType} (random weights, seed ${spec.seed})`),
    [`${arch}.attention.key_length`]: ggufValue.u32(spec.headDim),
    [`${arch}.attention.value_length`]: ggufValue.u32(spec.headDim),
    [`${arch}.attention.layer_norm_rms_epsilon`]: ggufValue.f32(1e-6),
    [`${arch}.attention.sliding_window`]: ggufValue.u32(spec.slidingWindow),
    [`${arch}.rope.freq_base`]: ggufValue.f32(arch === 'gemma3' ? 1000000 : 10000),
    ...optional,
    ...syntheticVocab(spec.vocab),
  };
}

/** The model as a GGUF file. */
export function syntheticGemma(spec: SyntheticGemmaSpec): Uint8Array {
  return writeGguf({ metadata: metadata(spec), tensors: tensors(spec) });
}
