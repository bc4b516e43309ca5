// The family synthetic sets (llama 3.x, SmolLM3, ...) on a Dawn adapter in Node, against the CPU reference and
// llama.cpp's recorded outputs (256 teacher-forced positions, greedy 32 and 96 tokens). By hand:
//   WGLLM_ADAPTER=lavapipe VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... npx vitest run --project gpu-node synthetic-families
import { readFileSync } from 'node:fs';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { create, globals } from 'webgpu';
import { decodeCompactReference } from '../testing/compact-reference.ts';
import { FAMILY_SETS } from '../testing/family-sets.ts';
import { syntheticFamilyModel } from '../testing/synthetic-family.ts';
import { checkGpuAgainstBoth } from './synthetic-gpu-checks.ts';

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

    const models = set.models.filter((m) => set.gpuModels?.includes(m.name) ?? true);
    for (const { name, spec, llamaCppBounds } of models) {
      it(
        `${name}: matches the CPU reference and llama.cpp`,
        async () => {
          const c = {
            name,
            file: () => syntheticFamilyModel(spec),
            llamaCppBounds,
            label: { set: set.name },
          };
          await checkGpuAgainstBoth(gpu, c, reference.models[name]!, reference.contextSize);
        },
        TIMEOUT_MS,
      );
    }
  });
}
