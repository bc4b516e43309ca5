// Shape of fixtures/synthetic-references.json, llama.cpp's outputs on the synthetic models (recorded by
// scripts/record-synthetic-references.ts), and the greedy rule as it applies to them.

import { NEAR_TIE } from '../metrics/logit-metrics.ts';
import type { GreedyCase, LlamaCppReference, ModelReference } from './llamacpp-reference.ts';
import type { GreedyReport } from './reference-checks.ts';

export interface SyntheticGreedyCase extends GreedyCase {
  /** llama.cpp's ln(p1 / p2) before each generated token. */
  top2_margins: number[];
}

export interface SyntheticModelReference extends ModelReference {
  /** sha256 (hex) of the GGUF file the outputs were recorded on: a mismatch means the generator drifted. */
  sha256: string;
  greedy: SyntheticGreedyCase[];
}

export interface SyntheticReference extends LlamaCppReference {
  models: Record<string, SyntheticModelReference>;
}

export const syntheticReferenceUrl = new URL('../../fixtures/synthetic-references.json', import.meta.url);

/**
 * Generated tokens a greedy run must share with llama.cpp: all of them up to the first near-tie, by llama.cpp's
 * own top-2 (its 8-bit activations move its logits by up to ~0.1) or by the CPU reference's run (`cpu`).
 */
export function requiredGreedyMatch(c: SyntheticGreedyCase, cpu: GreedyReport): number {
  const llamaCppNearTie = c.top2_margins.findIndex((margin) => margin < NEAR_TIE);
  return llamaCppNearTie < 0 ? cpu.firstNearTie : Math.min(llamaCppNearTie, cpu.firstNearTie);
}
