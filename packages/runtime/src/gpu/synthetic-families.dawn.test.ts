// The family synthetic sets (llama 3.x, ...) on a Dawn adapter in Node, against the CPU reference and llama.cpp's
// recorded outputs (256 teacher-forced positions, greedy 32 and 96 tokens). By hand:
//   WGLLM_ADAPTER=lavapipe VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... npx vitest run --project gpu-node synthetic-families
import { readFileSync } from 'node:fs';
import { bufferSource, parseGguf } from '@wgllm/gguf';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { decodeCompactReference } from '../testing/compact-reference.ts';
import { FAMILY_SETS } from '../testing/family-sets.ts';
import { greedyAgainst } from '../testing/reference-checks.ts';
import { engineGreedy, teacherForcedAgainstBoth } from '../testing/runner-checks.ts';
import { syntheticFamilyModel } from '../testing/synthetic-family.ts';
import { requiredGreedyMatch } from '../testing/synthetic-reference.ts';
import { GpuRunner } from './gpu-runner.ts';

Object.assign(globalThis, globals);
const adapter = process.env.WGLLM_ADAPTER;
if (!adapter) throw new Error('set WGLLM_ADAPTER and the adapter environment (see scripts/adapters.mjs)');
const TIMEOUT_MS = 600_000;

for (const set of FAMILY_SETS) {
  describe(`${set.name} synthetic models on the GPU (Dawn ${adapter})`, () => {
    const reference = decodeCompactReference(JSON.parse(readFileSync(set.referenceUrl, 'utf8')));
    let gpu: KernelDevice;
    beforeAll(async () => {
      gpu = await requestKernelDevice(create([]));
    });
    afterAll(() => gpu?.device.destroy());

    for (const { name, spec, llamaCppBounds } of set.models) {
      it(
        `${name}: matches the CPU reference and llama.cpp`,
        async () => {
          const ref = reference.models[name]!;
          const file = syntheticFamilyModel(spec);
          const contextLength = reference.contextSize;
          // Prefill chunks of at most 4 tokens: prompts cross several plans (4, 2, 1).
          const runner = await GpuRunner.load(gpu, bufferSource(file), parseGguf(file), {
            contextLength,
            maxPrefillChunk: 4,
          });
          const kvPrecision = gpu.shaderF16 ? 'f16' : 'f32';
          const { forward } = loadCpuModel(file, { contextLength, kvPrecision });
          try {
            const { vsCpu, vsLlamaCpp } = await teacherForcedAgainstBoth(ref, runner, forward);
            const greedy = [];
            for (const c of ref.greedy) {
              const cpu = await greedyAgainst(c, (token, pos) => forward.forward(token, pos));
              const { matchLength } = await engineGreedy(runner, c);
              greedy.push({
                tokens: c.n_predict,
                matched: matchLength,
                required: requiredGreedyMatch(c, cpu),
              });
            }
            console.log(JSON.stringify({ adapter: gpu.adapterName, model: name, vsCpu, vsLlamaCpp, greedy }));

            expect(vsCpu.meanKl).toBeLessThanOrEqual(1e-4);
            expect(vsCpu.top1Agreement).toBeGreaterThanOrEqual(0.99);
            expect(vsLlamaCpp.maxAbsLogprobDiff).toBeLessThanOrEqual(llamaCppBounds.maxLogprobDiff);
            expect(vsLlamaCpp.meanKl).toBeLessThanOrEqual(llamaCppBounds.meanKl);
            for (const g of greedy)
              expect(g.matched, `${g.tokens} tokens`).toBeGreaterThanOrEqual(g.required);
          } finally {
            runner.destroy();
          }
        },
        TIMEOUT_MS,
      );
    }
  });
}
