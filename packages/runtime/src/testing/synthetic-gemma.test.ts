// The gemma2 / gemma3 synthetic models (sliding windows, soft caps, GeGLU, post norms) on the CPU reference
// against llama.cpp's recording: teacher-forced past the window, greedy 32 and 96 tokens.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCpuAgainstLlamaCpp } from './synthetic-checks.ts';
import { gemmaCase, SYNTHETIC_GEMMA_MODELS, syntheticGemmaReferenceUrl } from './synthetic-gemma-set.ts';
import type { SyntheticReference } from './synthetic-reference.ts';

const reference: SyntheticReference = JSON.parse(readFileSync(syntheticGemmaReferenceUrl, 'utf8'));

describe('synthetic gemma models: CPU reference vs llama.cpp', () => {
  it('the recording covers exactly the model set', () => {
    expect(Object.keys(reference.models).sort()).toEqual(SYNTHETIC_GEMMA_MODELS.map((m) => m.name).sort());
  });

  for (const model of SYNTHETIC_GEMMA_MODELS) {
    it(model.name, async () => {
      await checkCpuAgainstLlamaCpp(gemmaCase(model), reference.models[model.name]!, reference.contextSize);
    }, 120_000);
  }
});
