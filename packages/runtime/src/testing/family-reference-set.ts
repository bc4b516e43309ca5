// What a family's synthetic set is to the recorder and the tests: its models (with llama.cpp bounds), where
// llama.cpp's outputs on them are recorded, and the runs every family is checked on: greedy 32 and 96 tokens,
// teacher-forced over 256 positions.
import { GgmlType } from '@wgllm/gguf';
import { BOS_ID } from '@wgllm/gguf/testing';
import { SeededRandom } from '../sampling/rng.ts';
import type { FamilyModelSpec } from './synthetic-family.ts';
import type { LlamaCppBounds } from './synthetic-model-set.ts';

export interface FamilySyntheticModel {
  /** Key in the set's reference file. */
  name: string;
  spec: FamilyModelSpec;
  llamaCppBounds: LlamaCppBounds;
}

export interface FamilyReferenceSet {
  /** Command-line name of the set (record-synthetic-references.ts --set <name>). */
  name: string;
  models: readonly FamilySyntheticModel[];
  /** fixtures/synthetic-<family>-references.json. */
  referenceUrl: URL;
  /**
   * The models the GPU suites run (default: all); the CPU reference checks every one. For sets whose models
   * are too large to run each on every adapter, the others differing only in weight types the GPU runs on
   * other sets and in the kernel suites.
   */
  gpuModels?: readonly string[];
}

/** A file type each family set covers, with llama.cpp's bounds for it. */
export interface FamilyFileType {
  /** llama.cpp's file-type name (Q4_K_M: Q4_K with the mix's Q6_K tensors, q4KMediumTypes). */
  name: string;
  /** Default type of the 2-D weights. */
  type: GgmlType;
  bounds: LlamaCppBounds;
}

/**
 * See synthetic-model-set.ts: llama.cpp's 8-bit activations (quantized types), or its F16 rounding of the KV
 * cache and of Q in flash attention. Measured over 256 positions (recording of synthetic-llama3-set.ts; the SmolLM3 set's are alike): F16 mean KL
 * 1.9e-5, max |d ln p| 0.028; Q8_0 2.3e-3, 0.44; Q4_K_M 5.0e-3, 0.68; the YaRN F32 file 1.5e-5, 0.0085.
 */
export const FAMILY_FILE_TYPES: readonly FamilyFileType[] = [
  { name: 'F16', type: GgmlType.F16, bounds: { maxLogprobDiff: 0.05, meanKl: 3e-5 } },
  { name: 'Q8_0', type: GgmlType.Q8_0, bounds: { maxLogprobDiff: 0.66, meanKl: 3.5e-3 } },
  { name: 'Q4_K_M', type: GgmlType.Q4_K, bounds: { maxLogprobDiff: 1, meanKl: 7.5e-3 } },
];

/**
 * F32 weights: llama.cpp rounds only its KV cache and flash attention's Q to F16 (the gemma set's F32 files:
 * mean KL 3.6e-7, max |d ln p| 0.011).
 */
const F32_FILE_TYPE: FamilyFileType = {
  name: 'F32',
  type: GgmlType.F32,
  bounds: { maxLogprobDiff: 0.03, meanKl: 1e-5 },
};

/** F32 in place of F16, then the quantized types (the olmo2 and granite sets). */
export const F32_AND_QUANTIZED_FILE_TYPES: readonly FamilyFileType[] = [
  F32_FILE_TYPE,
  ...FAMILY_FILE_TYPES.filter((f) => f.type !== GgmlType.F16),
];

/**
 * A family's model of each file type, `<family>-<type>`: the spec `make` gives for the type's weights and its
 * seed (`seeds` by type name), Q4_K_M with llama.cpp's mix for the family (`q4KMedium`, default the llama mix).
 */
export function familyModels(
  family: string,
  fileTypes: readonly FamilyFileType[],
  seeds: Readonly<Record<string, number>>,
  make: (type: GgmlType, seed: number) => FamilyModelSpec,
  q4KMedium = q4KMediumTypes,
): FamilySyntheticModel[] {
  return fileTypes.map(({ name, type, bounds }) => {
    const spec = make(type, seeds[name]!);
    const { nLayer, tiedOutput } = spec.base;
    return {
      name: `${family}-${name}`,
      spec: { ...spec, ...(name === 'Q4_K_M' && { types: q4KMedium(nLayer, tiedOutput) }) },
      llamaCppBounds: bounds,
    };
  });
}

/** Token-id prompts and how many tokens llama.cpp generates greedily after each. */
export const FAMILY_GREEDY_RUNS: readonly { prompt: number[]; tokens: number }[] = [
  { prompt: [BOS_ID, 300, 301, 302], tokens: 32 },
  { prompt: [BOS_ID, 450, 17, 388, 261], tokens: 96 },
];

/** Teacher-forced positions: BOS, then deterministic ids among the ordinary pieces (259..vocab). */
export function familyTeacherForcedTokens(vocab: number, count = 256): number[] {
  const random = new SeededRandom(4242);
  return [
    BOS_ID,
    ...Array.from({ length: count - 1 }, () => 259 + Math.floor(random.next() * (vocab - 259))),
  ];
}

/**
 * The types llama.cpp's Q4_K_M mix gives a small llama-layout model (the quality package's test checks this
 * against its chooseTensorTypes): Q4_K, with Q6_K for the head (token_embd when tied) and for attn_v and
 * ffn_down of the layers use_more_bits picks (the last eighth, and every third from the first eighth on).
 */
export function q4KMediumTypes(nLayer: number, tiedOutput: boolean): Record<string, GgmlType> {
  const types: Record<string, GgmlType> = {
    [tiedOutput ? 'token_embd.weight' : 'output.weight']: GgmlType.Q6_K,
  };
  const eighth = Math.trunc(nLayer / 8);
  for (let l = 0; l < nLayer; l++) {
    if (l < eighth || l >= Math.trunc((7 * nLayer) / 8) || (l - eighth) % 3 === 2) {
      types[`blk.${l}.attn_v.weight`] = GgmlType.Q6_K;
      types[`blk.${l}.ffn_down.weight`] = GgmlType.Q6_K;
    }
  }
  return types;
}
