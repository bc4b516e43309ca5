// Runs synthetic case sets on the Dawn adapter WGLLM_ADAPTER names, one vitest case per model: the Node side of
// the whole-model GPU checks (the browser side is synthetic-browser.gpu.test.ts).
import { readFileSync } from 'node:fs';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import type { SyntheticCaseSet } from '../testing/synthetic-case-sets.ts';
import { gpuCheckFailures } from './synthetic-gpu-checks.ts';

/** Software adapters are slow (SwiftShader: tens of ms per decode step, seconds of shader compiles). */
const TIMEOUT_MS = 600_000;

export function describeDawnSets(sets: readonly SyntheticCaseSet[]): void {
  Object.assign(globalThis, globals);
  const adapter = process.env.WGLLM_ADAPTER;
  if (!adapter) throw new Error('set WGLLM_ADAPTER and the adapter environment (see scripts/adapters.mjs)');
  for (const set of sets) {
    describe(`${set.name} synthetic models on the GPU (Dawn ${adapter})`, () => {
      const reference = set.parseReference(JSON.parse(readFileSync(set.referenceUrl, 'utf8')));
      let gpu: KernelDevice;
      beforeAll(async () => {
        gpu = await requestKernelDevice(create([]));
      });
      afterAll(() => gpu?.device.destroy());

      for (const c of set.cases) {
        it(
          `${c.name}: matches the CPU reference and llama.cpp`,
          async () => {
            const ref = reference.models[c.name];
            expect(ref, `${c.name} is not in ${set.referenceUrl}`).toBeDefined();
            expect(await gpuCheckFailures(gpu, c, ref!, reference.contextSize)).toEqual([]);
          },
          TIMEOUT_MS,
        );
      }
    });
  }
}
