// Every synthetic model set as the whole-model GPU checks take it: its cases (generated on demand), where
// llama.cpp's recording of them is, and how that recording is stored. One list for the Dawn files and the
// browser suite, so that a family set added to FAMILY_SETS is checked on every adapter.
import { GgmlType } from '@wgllm/gguf';
import { type CompactReference, decodeCompactReference } from './compact-reference.ts';
import { FAMILY_SETS } from './family-sets.ts';
import type { SyntheticCase } from './synthetic-checks.ts';
import { syntheticFamilyModel } from './synthetic-family.ts';
import { gemmaCase, SYNTHETIC_GEMMA_MODELS, syntheticGemmaReferenceUrl } from './synthetic-gemma-set.ts';
import { syntheticModel } from './synthetic-model.ts';
import { SYNTHETIC_MODELS } from './synthetic-model-set.ts';
import { type SyntheticReference, syntheticReferenceUrl } from './synthetic-reference.ts';

export interface SyntheticCaseSet {
  name: string;
  cases: readonly SyntheticCase[];
  referenceUrl: URL;
  /** The recording as parsed JSON to the form the checks read. */
  parseReference(json: unknown): SyntheticReference;
}

const plain = (json: unknown) => json as SyntheticReference;

/** Weight types and architectures without a real fixture (llama, qwen2, qwen3), and gemma2 / gemma3. */
export const TYPE_CASE_SETS: readonly SyntheticCaseSet[] = [
  {
    name: 'synthetic',
    referenceUrl: syntheticReferenceUrl,
    parseReference: plain,
    cases: SYNTHETIC_MODELS.map(({ name, spec, llamaCppBounds }) => ({
      name,
      file: () => syntheticModel(spec),
      llamaCppBounds,
      label: { type: GgmlType[spec.type], gqa: spec.nHead / spec.nHeadKv },
    })),
  },
  {
    name: 'gemma',
    referenceUrl: syntheticGemmaReferenceUrl,
    parseReference: plain,
    cases: SYNTHETIC_GEMMA_MODELS.map(gemmaCase),
  },
];

/** The family sets (llama 3.x, SmolLM3, ...), recorded in the compact form. */
export const FAMILY_CASE_SETS: readonly SyntheticCaseSet[] = FAMILY_SETS.map((set) => ({
  name: set.name,
  referenceUrl: set.referenceUrl,
  parseReference: (json) => decodeCompactReference(json as CompactReference),
  cases: set.models.map(({ name, spec, llamaCppBounds }) => ({
    name,
    file: () => syntheticFamilyModel(spec),
    llamaCppBounds,
    label: { set: set.name },
  })),
}));
