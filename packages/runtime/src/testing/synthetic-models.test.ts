// The CPU reference forward on the synthetic models against llama.cpp's recorded outputs: the generator still
// writes the recorded files, log-probabilities stay within each type's bounds, and greedy runs equal llama.cpp's
// up to a near-tie.
import { readFileSync } from 'node:fs';
import { GgmlType } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { checkCpuAgainstLlamaCpp } from './synthetic-checks.ts';
import { syntheticModel } from './synthetic-model.ts';
import { SYNTHETIC_MODELS } from './synthetic-model-set.ts';
import { type SyntheticReference, syntheticReferenceUrl } from './synthetic-reference.ts';

const reference: SyntheticReference = JSON.parse(readFileSync(syntheticReferenceUrl, 'utf8'));

describe('synthetic models: CPU reference vs llama.cpp', () => {
  it('the recording covers exactly the model set', () => {
    expect(Object.keys(reference.models).sort()).toEqual(SYNTHETIC_MODELS.map((m) => m.name).sort());
  });

  for (const { name, spec, llamaCppBounds } of SYNTHETIC_MODELS) {
    it(name, async () => {
      const label = { type: GgmlType[spec.type], gqa: spec.nHead / spec.nHeadKv };
      const c = { name, file: () => syntheticModel(spec), llamaCppBounds, label };
      await checkCpuAgainstLlamaCpp(c, reference.models[name]!, reference.contextSize);
    });
  }
});
