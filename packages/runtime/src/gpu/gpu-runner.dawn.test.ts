// Whole-model GPU tests on a Dawn adapter in Node: teacher-forced logits, seeded sampling, per-step GPU work.
// Greedy generation against llama.cpp is the llamacpp-greedy.gpu.ts suite, which runs on every adapter.
// `npm test` runs *.dawn.test.ts in the gpu-node project on both Dawn adapters (scripts/run.mjs); by hand:
//   WGLLM_ADAPTER=lavapipe VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... npx vitest run --project gpu-node gpu-runner
import { readFileSync } from 'node:fs';
import { bufferSource, parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { CpuRunner } from '../cpu/cpu-runner.ts';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { ContextOverflowError } from '../errors.ts';
import { type GenerateRequest, generate } from '../generate.ts';
import type { StepOutput } from '../model-runner.ts';
import { defaultSamplingOptions } from '../sampling/options.ts';
import { countingDevice } from '../testing/counting-device.ts';
import type { LlamaCppReference } from '../testing/llamacpp-reference.ts';
import { argmax, klDivergence, logSoftmax } from '../testing/logit-metrics.ts';
import { teacherForced } from '../testing/reference-checks.ts';
import { type EngineDevice, requestEngineDevice } from './device.ts';
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
const models = [
  'stories260K.gguf',
  'TinyStories-656K.f16.gguf',
  'TinyStories-656K-Q8_0.gguf',
  'TinyStories-656K-Q2_K.gguf',
];

async function loadRunner(gpu: EngineDevice, file: Uint8Array, maxPrefillChunk = 64) {
  return GpuRunner.load(gpu, bufferSource(file), parseGguf(file), {
    contextLength: CONTEXT,
    maxPrefillChunk,
  });
}

function logitsOf(output: StepOutput): Float32Array {
  if (output.kind !== 'logits') throw new Error('expected logits');
  return Float32Array.from(output.logits);
}

function tokenOf(output: StepOutput): number {
  if (output.kind !== 'argmax') throw new Error('expected an argmax id');
  return output.token;
}

describe(`GpuRunner (Dawn ${adapter})`, () => {
  let gpu: EngineDevice;
  beforeAll(async () => {
    gpu = await requestEngineDevice(create([]));
  });
  afterAll(() => gpu?.device.destroy());

  for (const model of models) {
    it(
      `${model}: teacher-forced logits match the CPU reference and llama.cpp`,
      async () => {
        const ref = reference.models[model]!;
        const file = new Uint8Array(readFileSync(sharedFixturePath(`models/${model}`)));
        // Prefill chunks of at most 4 tokens: prompts cross several plans (4, 2, 1).
        const runner = await loadRunner(gpu, file, 4);
        const kvPrecision = gpu.shaderF16 ? 'f16' : 'f32';
        const { forward } = loadCpuModel(file, { contextLength: CONTEXT, kvPrecision });

        // Per position: GPU logits vs the CPU reference fed the same tokens, and vs llama.cpp.
        let klSum = 0;
        let agree = 0;
        const vsLlamaCpp = await teacherForced(ref, async (token, pos) => {
          const gpuLogits = logitsOf(await runner.run([token], pos, 'logits'));
          const cpuLogits = forward.forward(token, pos);
          klSum += klDivergence(logSoftmax(cpuLogits), logSoftmax(gpuLogits));
          if (argmax(cpuLogits) === argmax(gpuLogits)) agree++;
          return gpuLogits;
        });
        const positions = ref.teacherForced.positions.length;
        const meanKlVsCpu = klSum / positions;

        const report = { adapter: gpu.adapterName, model, meanKlVsCpu, top1VsCpu: agree / positions };
        console.log(JSON.stringify({ ...report, vsLlamaCpp }));
        runner.destroy();

        expect(meanKlVsCpu).toBeLessThanOrEqual(1e-4);
        expect(agree / positions).toBeGreaterThanOrEqual(0.99);
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
      let maps = 0;
      const mapAsync = GPUBuffer.prototype.mapAsync;
      GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
        maps++;
        return mapAsync.apply(this, args);
      };
      try {
        let token = tokenOf(await runner.run([1, 403, 407], 0, 'argmax'));
        const before = { ...counting.counts };
        maps = 0;
        const steps = 5;
        for (let pos = 3; pos < 3 + steps; pos++) token = tokenOf(await runner.run([token], pos, 'argmax'));
        const c = counting.counts;
        expect({
          createBuffer: c.createBuffer - before.createBuffer,
          createBindGroup: c.createBindGroup - before.createBindGroup,
          createComputePipeline: c.createComputePipeline - before.createComputePipeline,
          createShaderModule: c.createShaderModule - before.createShaderModule,
          submit: c.submit - before.submit,
          mapAsync: maps,
        }).toEqual({
          createBuffer: 0,
          createBindGroup: 0,
          createComputePipeline: 0,
          createShaderModule: 0,
          submit: steps,
          mapAsync: steps,
        });
      } finally {
        GPUBuffer.prototype.mapAsync = mapAsync;
        runner.destroy();
      }
    },
    TIMEOUT_MS,
  );
});
