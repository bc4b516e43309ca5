// The gemma2 / gemma3 synthetic models the whole-model tests run against llama.cpp (fixtures/synthetic-gemma-
// references.json): the real head counts and head dims of Gemma-3-1B (4 heads x 256, 1 KV head) and Gemma-2-2B
// (8 heads x 256, 4 KV heads), widths reduced for test time (384 keeps Gemma-3-1B's 1152 trait of rows that
// are no whole number of 256-blocks, so Q4_K_M takes llama.cpp's fallbacks), a 32-token window under a
// 264-position teacher-forced run, and local/global switching within three (gemma3) or two (gemma2) layers.
import type { SyntheticCase } from './synthetic-checks.ts';
import { type SyntheticGemmaSpec, syntheticGemma } from './synthetic-gemma.ts';
import type { LlamaCppBounds } from './synthetic-model-set.ts';

export interface SyntheticGemmaModel {
  /** Key in fixtures/synthetic-gemma-references.json. */
  name: string;
  spec: SyntheticGemmaSpec;
  llamaCppBounds: LlamaCppBounds;
}

const FILE_TYPES = ['F32', 'Q8_0', 'Q4_K_M'] as const;

/**
 * llama.cpp's CPU rounds the activations of quantized mat-vecs to 8 bits and its KV cache to f16 (see
 * synthetic-model-set.ts). Measured by the CPU reference on this set (mean KL, max |d ln p| over 264 positions):
 * F32 3.6e-7 / 0.011 (gemma3), 2.7e-7 / 0.011 (gemma2); Q8_0 1.9e-3 / 0.44, 7.0e-4 / 0.30; Q4_K_M 2.8e-3 / 0.59,
 * 1.4e-3 / 0.44. Bounds: those with about 40% headroom.
 */
const bounds: Record<(typeof FILE_TYPES)[number], LlamaCppBounds> = {
  F32: { maxLogprobDiff: 0.03, meanKl: 1e-5 },
  Q8_0: { maxLogprobDiff: 0.6, meanKl: 3e-3 },
  Q4_K_M: { maxLogprobDiff: 0.8, meanKl: 4e-3 },
};

const gemma3: Omit<SyntheticGemmaSpec, 'fileType' | 'seed'> = {
  architecture: 'gemma3',
  nEmbd: 384,
  nFf: 768,
  nLayer: 3,
  nHead: 4,
  nHeadKv: 1,
  headDim: 256,
  vocab: 288,
  slidingWindow: 32,
  pattern: 3,
  ropeScale: 8,
};

const gemma2: Omit<SyntheticGemmaSpec, 'fileType' | 'seed'> = {
  architecture: 'gemma2',
  nEmbd: 256,
  nFf: 512,
  nLayer: 2,
  nHead: 8,
  nHeadKv: 4,
  headDim: 256,
  vocab: 288,
  slidingWindow: 32,
  softcaps: { attention: 4, final: 10 },
};

export const SYNTHETIC_GEMMA_MODELS: readonly SyntheticGemmaModel[] = [gemma3, gemma2].flatMap((shape, i) =>
  FILE_TYPES.map((fileType, j) => ({
    name: `${shape.architecture}-${fileType}`,
    spec: { ...shape, fileType, seed: 100 + 10 * i + j },
    llamaCppBounds: bounds[fileType],
  })),
);

export { syntheticGemma };
export const syntheticGemmaReferenceUrl = new URL(
  '../../fixtures/synthetic-gemma-references.json',
  import.meta.url,
);

/** The model as the shared checks take it. */
export function gemmaCase(model: SyntheticGemmaModel): SyntheticCase {
  const { spec } = model;
  return {
    name: model.name,
    file: () => syntheticGemma(spec),
    llamaCppBounds: model.llamaCppBounds,
    label: { type: spec.fileType, gqa: spec.nHead / spec.nHeadKv, window: spec.slidingWindow },
  };
}
