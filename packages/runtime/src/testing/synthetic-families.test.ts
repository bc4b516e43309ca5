// The family synthetic sets (llama 3.x, ...) on the CPU reference against llama.cpp's recorded outputs: the
// generator still writes the recorded files, teacher-forced log-probabilities over 256 positions stay within
// each model's bounds, and greedy runs of 32 and 96 tokens equal llama.cpp's up to a near-tie.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { decodeCompactReference } from './compact-reference.ts';
import { FAMILY_SETS } from './family-sets.ts';
import { greedyAgainst, teacherForced } from './reference-checks.ts';
import { syntheticFamilyModel } from './synthetic-family.ts';
import { requiredGreedyMatch } from './synthetic-reference.ts';

/** The largest set's models (olmo2's 2048 x 2048 attention): about 20 s on an idle core. */
const TIMEOUT_MS = 180_000;

for (const set of FAMILY_SETS) {
  describe(`${set.name} synthetic models: CPU reference vs llama.cpp`, () => {
    const reference = decodeCompactReference(JSON.parse(readFileSync(set.referenceUrl, 'utf8')));

    it('the recording covers exactly the model set', () => {
      expect(Object.keys(reference.models).sort()).toEqual(set.models.map((m) => m.name).sort());
    });

    for (const { name, spec, llamaCppBounds } of set.models) {
      it(name, { timeout: TIMEOUT_MS }, async () => {
        const ref = reference.models[name]!;
        const file = syntheticFamilyModel(spec);
        expect(createHash('sha256').update(file).digest('hex'), 'generated file').toBe(ref.sha256);
        const { forward } = loadCpuModel(file, { contextLength: reference.contextSize, kvPrecision: 'f16' });
        const step = (token: number, pos: number) => forward.forward(token, pos);

        const vsLlamaCpp = await teacherForced(ref, step);
        const greedy = [];
        for (const c of ref.greedy) {
          const cpu = await greedyAgainst(c, step);
          greedy.push({
            tokens: c.n_predict,
            matched: cpu.matchLength,
            required: requiredGreedyMatch(c, cpu),
          });
        }
        console.log(JSON.stringify({ model: name, vsLlamaCpp, greedy }));

        expect(vsLlamaCpp.positions).toBeGreaterThanOrEqual(256);
        expect(vsLlamaCpp.maxAbsLogprobDiff).toBeLessThanOrEqual(llamaCppBounds.maxLogprobDiff);
        expect(vsLlamaCpp.meanKl).toBeLessThanOrEqual(llamaCppBounds.meanKl);
        for (const g of greedy) expect(g.matched, `${g.tokens} tokens`).toBeGreaterThanOrEqual(g.required);
      });
    }
  });
}
