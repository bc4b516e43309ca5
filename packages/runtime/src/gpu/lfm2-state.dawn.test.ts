// A recurrent model's conv state on the GPU (Dawn, Node): a prompt prefilled in chunks of 1, 7 and 64 leaves
// the state token-by-token leaves and the CPU reference's (LFM2-350M's widths, the lfm2-F32 synthetic
// model), and prefix reuse serves only whole slots, generating what a whole prefill does (a small LFM2).
import { bufferSource, GgmlType, parseGguf } from '@wgllm/gguf';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import {
  chunked,
  maxStateDiff,
  recurrentChatChecks,
  STATE_CHUNKS,
  statePrompt,
} from '../testing/lfm2-state-checks.ts';
import { syntheticFamilyModel } from '../testing/synthetic-family.ts';
import { LFM2_TEST_SHAPE, lfm2Model } from '../testing/synthetic-lfm2.ts';
import { LFM2_SET } from '../testing/synthetic-lfm2-set.ts';
import { GpuRunner } from './gpu-runner.ts';

Object.assign(globalThis, globals);
const adapter = process.env.WGLLM_ADAPTER;
if (!adapter) throw new Error('set WGLLM_ADAPTER and the adapter environment (see scripts/adapters.mjs)');
const TIMEOUT_MS = 600_000;
/** The GPU's states after other chunkings: f32 sums in other orders (decode mat-vec, prefill matmul). */
const CHUNK_TOLERANCE = 1e-4;
/** The GPU's against the CPU reference's (f64 sums) after 150 tokens, where states reach ~14: ~1e-4 relative. */
const CPU_TOLERANCE = 1e-3;

describe(`lfm2 recurrent state (GpuRunner, Dawn ${adapter})`, () => {
  let gpu: KernelDevice;
  beforeAll(async () => {
    gpu = await requestKernelDevice(create([]));
  });
  afterAll(() => gpu?.device.destroy());
  const load = (file: Uint8Array, sequences: number) =>
    GpuRunner.load(gpu, bufferSource(file), parseGguf(file), { contextLength: 256, sequences });

  it(
    'is the same after chunks of 1, 7 and 64 and equals the CPU reference',
    async () => {
      const file = syntheticFamilyModel(LFM2_SET.models.find((m) => m.name === 'lfm2-F32')!.spec);
      const prompt = statePrompt(150);
      const kvPrecision = gpu.shaderF16 ? 'f16' : 'f32'; // the GPU's KV cache
      const cpu = loadCpuModel(file, { contextLength: 256, kvPrecision }).forward;
      cpu.run(prompt, 0);
      const runner = await load(file, 1);
      try {
        const states = [];
        for (const chunk of STATE_CHUNKS) {
          for (const [start, tokens] of chunked(prompt, chunk)) await runner.run(tokens, start, 'argmax');
          states.push(await runner.readRecurrentState());
        }
        const diffs = {
          chunk7VsToken: maxStateDiff(states[0]!, states[1]!),
          chunk64VsToken: maxStateDiff(states[0]!, states[2]!),
          tokenVsCpu: maxStateDiff(states[0]!, cpu.recurrentState()),
        };
        const largest = maxStateDiff(
          states[0]!,
          states[0]!.map((s) => new Float32Array(s.length)),
        );
        console.log(JSON.stringify({ adapter: gpu.adapterName, largestState: largest, ...diffs }));
        expect(diffs.chunk7VsToken).toBeLessThanOrEqual(CHUNK_TOLERANCE);
        expect(diffs.chunk64VsToken).toBeLessThanOrEqual(CHUNK_TOLERANCE);
        expect(diffs.tokenVsCpu).toBeLessThanOrEqual(CPU_TOLERANCE);
        await expect(runner.run([302], 10, 'argmax')).rejects.toThrow(/recurrent state is at position 150/);
      } finally {
        runner.destroy();
      }
    },
    TIMEOUT_MS,
  );

  it(
    'reuses only whole slots and generates what a whole prefill does',
    async () => {
      const file = syntheticFamilyModel(lfm2Model(LFM2_TEST_SHAPE, GgmlType.F32, 5));
      const [reusing, reference] = [await load(file, 4), await load(file, 4)];
      try {
        await recurrentChatChecks(reusing, reference);
      } finally {
        reusing.destroy();
        reference.destroy();
      }
    },
    TIMEOUT_MS,
  );
});
