// The synthetic models (weight types and architectures without a real fixture) on a Dawn adapter in Node, against
// the CPU reference and llama.cpp's recorded outputs. By hand, as gpu-runner.dawn.test.ts:
//   WGLLM_ADAPTER=lavapipe VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... npx vitest run --project gpu-node synthetic
import { readFileSync } from 'node:fs';
import { GgmlType } from '@wgllm/gguf';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { create, globals } from 'webgpu';
import {
  gemmaCase,
  SYNTHETIC_GEMMA_MODELS,
  syntheticGemmaReferenceUrl,
} from '../testing/synthetic-gemma-set.ts';
import { syntheticModel } from '../testing/synthetic-model.ts';
import { SYNTHETIC_MODELS } from '../testing/synthetic-model-set.ts';
import { type SyntheticReference, syntheticReferenceUrl } from '../testing/synthetic-reference.ts';
import { checkGpuAgainstBoth } from './synthetic-gpu-checks.ts';

Object.assign(globalThis, globals);
const adapter = process.env.WGLLM_ADAPTER;
if (!adapter) throw new Error('set WGLLM_ADAPTER and the adapter environment (see scripts/adapters.mjs)');
const read = (url: URL): SyntheticReference => JSON.parse(readFileSync(url, 'utf8'));
/** Software adapters are slow (SwiftShader: tens of ms per decode step, seconds of shader compiles). */
const TIMEOUT_MS = 600_000;

const sets = [
  {
    reference: read(syntheticReferenceUrl),
    cases: SYNTHETIC_MODELS.map(({ name, spec, llamaCppBounds }) => ({
      name,
      file: () => syntheticModel(spec),
      llamaCppBounds,
      label: { type: GgmlType[spec.type], gqa: spec.nHead / spec.nHeadKv },
    })),
  },
  { reference: read(syntheticGemmaReferenceUrl), cases: SYNTHETIC_GEMMA_MODELS.map(gemmaCase) },
];

describe(`synthetic models on the GPU (Dawn ${adapter})`, () => {
  let gpu: KernelDevice;
  beforeAll(async () => {
    gpu = await requestKernelDevice(create([]));
  });
  afterAll(() => gpu?.device.destroy());

  for (const { reference, cases } of sets) {
    for (const c of cases) {
      it(
        `${c.name}: matches the CPU reference and llama.cpp`,
        () => checkGpuAgainstBoth(gpu, c, reference.models[c.name]!, reference.contextSize),
        TIMEOUT_MS,
      );
    }
  }
});
