// The CPU reference forward on the synthetic models against llama.cpp's recorded outputs: the generator still
// writes the recorded files, log-probabilities stay within each type's bounds, and greedy runs equal llama.cpp's
// up to a near-tie.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { GgmlType } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { greedyAgainst, teacherForced } from './reference-checks.ts';
import { syntheticModel } from './synthetic-model.ts';
import { SYNTHETIC_MODELS } from './synthetic-model-set.ts';
import {
  requiredGreedyMatch,
  type SyntheticReference,
  syntheticReferenceUrl,
} from './synthetic-reference.ts';

const reference: SyntheticReference = JSON.parse(readFileSync(syntheticReferenceUrl, 'utf8'));

describe('synthetic models: CPU reference vs llama.cpp', () => {
  it('the recording covers exactly the model set', () => {
    expect(Object.keys(reference.models).sort()).toEqual(SYNTHETIC_MODELS.map((m) => m.name).sort());
  });

  for (const { name, spec, llamaCppBounds } of SYNTHETIC_MODELS) {
    it(name, async () => {
      const ref = reference.models[name]!;
      const file = syntheticModel(spec);
      expect(createHash('sha256').update(file).digest('hex'), 'generated file').toBe(ref.sha256);
      const { forward } = loadCpuModel(file, { contextLength: reference.contextSize, kvPrecision: 'f16' });
      const step = (token: number, pos: number) => forward.forward(token, pos);

      const vsLlamaCpp = await teacherForced(ref, step);
      const greedy = [];
      for (const c of ref.greedy) {
        const cpu = await greedyAgainst(c, step);
        greedy.push({ prompt: c.prompt, matched: cpu.matchLength, required: requiredGreedyMatch(c, cpu) });
      }
      const gqa = spec.nHead / spec.nHeadKv;
      console.log(JSON.stringify({ model: name, type: GgmlType[spec.type], gqa, vsLlamaCpp, greedy }));

      expect(vsLlamaCpp.maxAbsLogprobDiff).toBeLessThanOrEqual(llamaCppBounds.maxLogprobDiff);
      expect(vsLlamaCpp.meanKl).toBeLessThanOrEqual(llamaCppBounds.meanKl);
      for (const g of greedy) expect(g.matched, g.prompt).toBeGreaterThanOrEqual(g.required);
    });
  }
});
