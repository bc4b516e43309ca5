// The synthetic models the whole-model tests run against llama.cpp: every weight type without a real fixture on
// llama, and the qwen2 / qwen3 shapes. Tiny (about 1.5 M weights) so that software WebGPU runs them quickly.
import { GgmlType } from '@wgllm/gguf';
import type { SyntheticModelSpec } from './synthetic-model.ts';

/** How far llama.cpp's log-probabilities may stray from an exact forward pass of the same weights. */
export interface LlamaCppBounds {
  /** Largest |ln p - ln p_llama.cpp| over every position and token. */
  maxLogprobDiff: number;
  /** Mean over positions of KL(llama.cpp || ours), nats. */
  meanKl: number;
}

export interface SyntheticModel {
  /** Key in fixtures/synthetic-references.json. */
  name: string;
  spec: SyntheticModelSpec;
  llamaCppBounds: LlamaCppBounds;
}

// llama.cpp's CPU mat-vecs round the activations to their vec_dot_type first: 8 bits (Q8_0, Q8_1, Q8_K) for the
// quantized types, BF16 for BF16, F16 for F16; and its flash attention rounds Q to F16. Each block's scale follows
// its largest element, so these errors cannot be replayed here. Measured (recording of this file's models):
// quantized mean KL 1.3e-3 .. 4.0e-3 and max 0.30 .. 0.49, BF16 1.0e-4 and 0.093, F16 5.0e-6 and 0.020,
// F32 2.0e-6 and 0.015.
const eightBitActivations: LlamaCppBounds = { maxLogprobDiff: 0.6, meanKl: 5e-3 };
const bf16Activations: LlamaCppBounds = { maxLogprobDiff: 0.15, meanKl: 2e-4 };
const f16Rounding: LlamaCppBounds = { maxLogprobDiff: 0.03, meanKl: 1e-5 };

/** Rows of 256 and 512: every block size (32 or 256 elements) divides them. */
const shape = { nEmbd: 256, nFf: 512, nLayer: 2, vocab: 512 };
/** GQA ratio 2: 4 heads of 64 sharing 2 KV heads. */
const gqa2 = { nHead: 4, nHeadKv: 2, headDim: 64 };
/** GQA ratio 4: 8 heads of 32 sharing 2 KV heads. */
const gqa4 = { nHead: 8, nHeadKv: 2, headDim: 32 };

function llama(type: GgmlType, heads: typeof gqa2, tiedOutput: boolean, seed: number): SyntheticModel {
  return {
    name: `llama-${GgmlType[type]}`,
    spec: { architecture: 'llama', type, ...shape, ...heads, tiedOutput, seed },
    llamaCppBounds: type === GgmlType.BF16 ? bf16Activations : eightBitActivations,
  };
}

export const SYNTHETIC_MODELS: readonly SyntheticModel[] = [
  llama(GgmlType.Q4_0, gqa2, false, 1),
  llama(GgmlType.Q4_1, gqa4, false, 2),
  llama(GgmlType.Q5_0, gqa2, true, 3),
  llama(GgmlType.Q5_1, gqa4, false, 4),
  llama(GgmlType.Q4_K, gqa2, false, 5),
  llama(GgmlType.Q5_K, gqa4, true, 6),
  llama(GgmlType.Q6_K, gqa2, false, 7),
  llama(GgmlType.BF16, gqa4, false, 8),
  {
    name: 'qwen2-F32',
    spec: { architecture: 'qwen2', type: GgmlType.F32, ...shape, ...gqa2, tiedOutput: false, seed: 9 },
    llamaCppBounds: f16Rounding,
  },
  {
    // Heads wider than nEmbd / nHead (8 x 64 = 512 > 256), as Qwen3 has: attention.key_length is read.
    name: 'qwen3-F16',
    spec: {
      architecture: 'qwen3',
      type: GgmlType.F16,
      ...shape,
      nHead: 8,
      nHeadKv: 2,
      headDim: 64,
      tiedOutput: false,
      seed: 10,
    },
    llamaCppBounds: f16Rounding,
  },
];
