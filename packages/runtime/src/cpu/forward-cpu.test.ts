import { readFileSync } from 'node:fs';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import type { LlamaCppReference } from '../testing/llamacpp-reference.ts';
import { greedyAgainst, teacherForced } from '../testing/reference-checks.ts';
import { sharedModelBounds } from '../testing/shared-model-bounds.ts';
import { loadCpuModel } from './load-cpu-model.ts';

const reference: LlamaCppReference = JSON.parse(
  readFileSync(sharedFixturePath('models/reference/llamacpp-cpu-reference.json'), 'utf8'),
);

const cases = sharedModelBounds;

describe('CPU reference forward vs llama.cpp', () => {
  for (const c of cases) {
    describe(c.file, () => {
      const ref = reference.models[c.file]!;
      const file = new Uint8Array(readFileSync(sharedFixturePath(`models/${c.file}`)));

      it('teacher-forced log-probabilities', async () => {
        const { forward } = loadCpuModel(file, { contextLength: reference.contextSize, kvPrecision: 'f16' });
        const report = await teacherForced(ref, (token, pos) => forward.forward(token, pos));
        console.log(c.file, 'teacher-forced', report);
        expect(report.top1Agreement).toBe(1);
        expect(report.maxAbsLogprobDiff).toBeLessThan(c.maxLogprobDiff);
        if (c.meanKl !== undefined) expect(report.meanKl).toBeLessThan(c.meanKl);
      });

      for (const g of ref.greedy) {
        it(`greedy "${g.prompt}"`, async () => {
          const { forward } = loadCpuModel(file, { contextLength: reference.contextSize });
          const report = await greedyAgainst(g, (token, pos) => forward.forward(token, pos));
          console.log(
            c.file,
            JSON.stringify(g.prompt),
            'greedy match',
            report.matchLength,
            '/',
            report.expectedLength,
            'first near-tie',
            report.firstNearTie,
          );
          const needed = c.exactGreedy ? report.expectedLength : report.firstNearTie;
          expect(report.matchLength).toBeGreaterThanOrEqual(needed);
        });
      }
    });
  }
});
