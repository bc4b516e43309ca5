// Debug taps: every named value of the graph, read from the GPU at one position, equals the CPU reference's,
// and the only values missing on the GPU are the ones its fusions never store.
import { readFileSync } from 'node:fs';
import { bufferSource, parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { compareTaps } from '../debug/compare-taps.ts';
import { syntheticModel } from '../testing/synthetic-model.ts';
import { SYNTHETIC_MODELS } from '../testing/synthetic-model-set.ts';
import { GpuRunner } from './gpu-runner.ts';

Object.assign(globalThis, globals);

const files: [name: string, file: () => Uint8Array][] = [
  ['stories260K', () => new Uint8Array(readFileSync(sharedFixturePath('models/stories260K.gguf')))],
  ['synthetic qwen3', () => syntheticModel(SYNTHETIC_MODELS.find((m) => m.name.startsWith('qwen3'))!.spec)],
];
const TOKENS = [1, 300, 301, 302, 10, 450, 259, 388];
const AT = 6;

describe('debug taps, GPU vs CPU reference', () => {
  let gpu: KernelDevice;
  beforeAll(async () => {
    gpu = await requestKernelDevice(create([]));
  });
  afterAll(() => gpu?.device.destroy());

  for (const [name, file] of files) {
    it(`${name}: every stored value at position ${AT}`, async () => {
      const bytes = file();
      const runner = await GpuRunner.load(gpu, bufferSource(bytes), parseGguf(bytes), { contextLength: 64 });
      const { forward } = loadCpuModel(bytes, {
        contextLength: 64,
        kvPrecision: gpu.shaderF16 ? 'f16' : 'f32',
      });
      const diffs = await compareTaps(forward, runner, TOKENS, AT);
      runner.destroy();
      expect(diffs.length).toBe(runner.graph.ops.length);
      // RoPE'd K is rotated inside the KV write; gate and up run as one fused gate-up matmul.
      const fused = diffs
        .filter((d) => d.maxAbsDiff === undefined)
        .map((d) => d.name.replace(/^blk\.\d+\./, ''));
      expect(new Set(fused)).toEqual(new Set(['Kcur_rope', 'ffn_gate', 'ffn_up']));
      const worst = diffs
        .filter((d) => d.maxAbsDiff !== undefined)
        .map((d) => ({ ...d, relative: d.maxAbsDiff! / Math.max(1, d.maxAbs) }))
        .sort((a, b) => b.relative - a.relative)[0]!;
      console.log(name, 'worst tap', worst);
      // f32 accumulation against f64 is a few 1e-6 relative per op (lavapipe: 1e-5 at worst); WGSL lets sin and
      // cos err by 2^-11 absolute, which SwiftShader's do (RoPE'd Q and what attends to it: 5e-4).
      expect(worst.relative).toBeLessThan(2e-3);
    });
  }
});
