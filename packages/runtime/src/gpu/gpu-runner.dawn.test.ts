// Whole-model GPU tests on a Dawn adapter in Node: teacher-forced logits, seeded sampling, per-step GPU work.
// Greedy generation against llama.cpp is the llamacpp-greedy.gpu.test.ts suite, which runs on every adapter.
// `npm test` runs *.dawn.test.ts in the gpu-node project on both Dawn adapters (scripts/run.mjs); by hand:
//   WGLLM_ADAPTER=lavapipe VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... npx vitest run --project gpu-node gpu-runner
import { readFileSync } from 'node:fs';
import { bufferSource, parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { CpuRunner } from '../cpu/cpu-runner.ts';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { ContextOverflowError } from '../errors.ts';
import { type GenerateRequest, generate } from '../generate.ts';
import type { StepOutput } from '../model-runner.ts';
import { defaultSamplingOptions } from '../sampling/options.ts';
import { countingDevice, decodeStepBudget, stepCosts } from '../testing/counting-device.ts';
import type { LlamaCppReference } from '../testing/llamacpp-reference.ts';
import { teacherForcedAgainstBoth } from '../testing/runner-checks.ts';
import { sharedModelBounds } from '../testing/shared-model-bounds.ts';
import { GpuRunner } from './gpu-runner.ts';

Object.assign(globalThis, globals);
const adapter = process.env.WGLLM_ADAPTER;
if (!adapter) throw new Error('set WGLLM_ADAPTER and the adapter environment (see scripts/adapters.mjs)');
const reference: LlamaCppReference = JSON.parse(
  readFileSync(sharedFixturePath('models/reference/llamacpp-cpu-reference.json'), 'utf8'),
);
const CONTEXT = 512;
/** Software adapters are slow (SwiftShader: tens of ms per decode step, seconds of shader compiles). */
const TIMEOUT_MS = 600_000;

async function loadRunner(gpu: KernelDevice, file: Uint8Array, maxPrefillChunk = 64) {
  return GpuRunner.load(gpu, bufferSource(file), parseGguf(file), {
    contextLength: CONTEXT,
    maxPrefillChunk,
  });
}

function tokenOf(output: StepOutput): number {
  if (output.kind !== 'argmax') throw new Error('expected an argmax id');
  return output.token;
}

describe(`GpuRunner (Dawn ${adapter})`, () => {
  let gpu: KernelDevice;
  beforeAll(async () => {
    gpu = await requestKernelDevice(create([]));
  });
  afterAll(() => gpu?.device.destroy());

  for (const { file: model, ...bounds } of sharedModelBounds) {
    it(
      `${model}: teacher-forced logits match the CPU reference and llama.cpp`,
      async () => {
        const ref = reference.models[model]!;
        const file = new Uint8Array(readFileSync(sharedFixturePath(`models/${model}`)));
        // Prefill chunks of at most 4 tokens: prompts cross several plans (4, 2, 1).
        const runner = await loadRunner(gpu, file, 4);
        const kvPrecision = gpu.shaderF16 ? 'f16' : 'f32';
        const { forward } = loadCpuModel(file, { contextLength: CONTEXT, kvPrecision });

        const { vsCpu, vsLlamaCpp } = await teacherForcedAgainstBoth(ref, runner, forward);
        console.log(JSON.stringify({ adapter: gpu.adapterName, model, vsCpu, vsLlamaCpp }));
        runner.destroy();

        expect(vsCpu.meanKl).toBeLessThanOrEqual(1e-4);
        expect(vsCpu.top1Agreement).toBeGreaterThanOrEqual(0.99);
        expect(vsLlamaCpp.maxAbsLogprobDiff).toBeLessThan(bounds.maxLogprobDiff);
        if (bounds.meanKl !== undefined) expect(vsLlamaCpp.meanKl).toBeLessThan(bounds.meanKl);
      },
      TIMEOUT_MS,
    );
  }

  it(
    'seeded sampling gives the CPU reference tokens; context overflow is a typed error',
    async () => {
      const file = new Uint8Array(readFileSync(sharedFixturePath('models/stories260K.gguf')));
      const runner = await GpuRunner.load(gpu, bufferSource(file), parseGguf(file), { contextLength: 24 });
      const kvPrecision = gpu.shaderF16 ? 'f16' : 'f32';
      const cpu = new CpuRunner(loadCpuModel(file, { contextLength: 24, kvPrecision }).forward);
      const request: GenerateRequest = {
        promptIds: [1, 403, 407, 261],
        sampling: { ...defaultSamplingOptions, temperature: 0.9, repetitionPenalty: 1.1, seed: 42 },
        maxTokens: 16,
        stopTokenIds: new Set(),
        stopStrings: [],
      };
      const detokenizer = { push: () => '', flush: () => '' };
      try {
        const onGpu = await generate(runner, detokenizer, request);
        expect(onGpu.tokens).toEqual((await generate(cpu, detokenizer, request)).tokens);
        await expect(runner.run([1], 24, 'argmax')).rejects.toBeInstanceOf(ContextOverflowError);
        const long = { ...request, promptIds: Array.from({ length: 25 }, () => 1) };
        await expect(generate(runner, detokenizer, long)).rejects.toBeInstanceOf(ContextOverflowError);
      } finally {
        runner.destroy();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'a decode step creates no GPU objects, submits once and reads back once',
    async () => {
      const file = new Uint8Array(readFileSync(sharedFixturePath('models/stories260K.gguf')));
      const counting = countingDevice(gpu.device);
      const runner = await loadRunner({ ...gpu, device: counting.device }, file);
      try {
        let token = tokenOf(await runner.run([1, 403, 407], 0, 'argmax'));
        const steps = 5;
        const costs = await stepCosts(counting.counts, async () => {
          for (let pos = 3; pos < 3 + steps; pos++) token = tokenOf(await runner.run([token], pos, 'argmax'));
        });
        expect(costs).toEqual(decodeStepBudget(steps));
      } finally {
        runner.destroy();
      }
    },
    TIMEOUT_MS,
  );
});
