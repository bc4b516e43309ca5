// The memory estimate against what a load really allocates on a Dawn adapter: every buffer created through a
// metered device, through the gate-up fusion and every step plan, must add up to the estimate exactly. By hand:
//   WGLLM_ADAPTER=lavapipe VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... npx vitest run --project gpu-node estimate-memory
import { readFileSync } from 'node:fs';
import { bufferSource, GgmlType, parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { byteMeter } from '../testing/counting-device.ts';
import { smallShape as shape, windowedGemma3 } from '../testing/memory-test-models.ts';
import { syntheticFamilyModel } from '../testing/synthetic-family.ts';
import { LFM2_TEST_SHAPE, lfm2Model } from '../testing/synthetic-lfm2.ts';
import { syntheticModel } from '../testing/synthetic-model.ts';
import { estimateGpuMemory, gpuProfile } from './estimate-memory.ts';
import { GpuRunner } from './gpu-runner.ts';

Object.assign(globalThis, globals);
const adapter = process.env.WGLLM_ADAPTER;
if (!adapter) throw new Error('set WGLLM_ADAPTER and the adapter environment (see scripts/adapters.mjs)');

/** Plans of 1, 2 and 4 tokens: every plan size is prepared, and each compiles its pipelines (seconds here). */
const maxPrefillChunk = 4;
const models: { name: string; file: () => Uint8Array; contextLength: number }[] = [
  {
    name: 'stories260K',
    file: () => readFileSync(sharedFixturePath('models/stories260K.gguf')),
    contextLength: 512,
  },
  {
    name: 'llama Q4_0, tied head',
    file: () =>
      syntheticModel({ architecture: 'llama', type: GgmlType.Q4_0, ...shape, tiedOutput: true, seed: 1 }),
    contextLength: 300,
  },
  {
    name: 'qwen2 F16 (biases)',
    file: () =>
      syntheticModel({ architecture: 'qwen2', type: GgmlType.F16, ...shape, tiedOutput: false, seed: 2 }),
    contextLength: 1000,
  },
  {
    name: 'gemma3 F32 (sliding-window rings)',
    file: windowedGemma3,
    contextLength: 256,
  },
  {
    name: 'lfm2 F32 (conv state per sequence)',
    file: () => syntheticFamilyModel(lfm2Model(LFM2_TEST_SHAPE, GgmlType.F32, 5)),
    contextLength: 256,
  },
];

describe(`memory estimate (Dawn ${adapter})`, () => {
  let gpu: KernelDevice;
  beforeAll(async () => {
    gpu = await requestKernelDevice(create([]));
  });
  afterAll(() => gpu?.device.destroy());

  for (const { name, file, contextLength } of models) {
    it(`${name}: equals the bytes a load allocates, peak and held`, async () => {
      const bytes = new Uint8Array(file());
      const header = parseGguf(bytes);
      const sizes = { contextLength, maxPrefillChunk };
      const estimate = estimateGpuMemory(header, gpuProfile(gpu), sizes);
      const meter = byteMeter(gpu.device);
      try {
        const runner = await GpuRunner.load(
          { ...gpu, device: meter.device },
          bufferSource(bytes),
          header,
          sizes,
        );
        runner.prepareAllPlans();
        // A decode step runs on the plans as loaded: nothing it does may allocate beyond the estimate.
        await runner.run([1], 0, 'argmax');
        expect({ peak: meter.peakBytes(), held: meter.liveBytes() }).toEqual({
          peak: estimate.peakBytes,
          held: estimate.totalBytes,
        });
        expect(runner.memory()).toEqual({
          weights: estimate.weightsBytes,
          kvCache: estimate.kvCacheBytes,
          activations: estimate.activationBytes,
        });
        // Every other sequence, made as prompts that share nothing with the cached ones make them, each
        // prefilled in steps of every size (4 + 2 + 1 tokens).
        for (let slot = 1; slot < estimate.sequences; slot++) {
          const prompt = Array.from({ length: 7 }, (_, i) => slot + 1 + i);
          await runner.selectSequence(prompt, 'off');
          await runner.run(prompt, 0, 'argmax');
        }
        expect(runner.sequences.allocated).toBe(estimate.sequences);
        expect(meter.liveBytes()).toBe(estimate.allSequencesBytes);
        runner.destroy();
        expect(meter.liveBytes()).toBe(0);
      } finally {
        meter.stop();
      }
      const kvBytes = estimate.kvLayers.reduce((n, g) => n + g.bytes, 0);
      expect(kvBytes + estimate.recurrentStateBytes).toBe(estimate.kvCacheBytes);
    });
  }
});
