// The GPU half of the synthetic-model checks (testing/synthetic-checks.ts): a model on a Dawn adapter against the
// CPU reference and llama.cpp's recorded outputs, prefill in chunks of at most 4 tokens so that prompts cross
// several plans (4, 2, 1) and a windowed layer's ring cache wraps every few steps.
import { bufferSource, parseGguf } from '@wgllm/gguf';
import type { KernelDevice } from '@wgllm/kernels';
import { expect } from 'vitest';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { greedyAgainst } from '../testing/reference-checks.ts';
import { engineGreedy, teacherForcedAgainstBoth } from '../testing/runner-checks.ts';
import type { SyntheticCase } from '../testing/synthetic-checks.ts';
import { requiredGreedyMatch, type SyntheticModelReference } from '../testing/synthetic-reference.ts';
import { GpuRunner } from './gpu-runner.ts';

/** Positions the GPU is held to the CPU reference at (every position against llama.cpp's recording). */
const GPU_VS_CPU_POSITIONS = 48;

export async function checkGpuAgainstBoth(
  gpu: KernelDevice,
  c: SyntheticCase,
  ref: SyntheticModelReference,
  contextLength: number,
): Promise<void> {
  const file = c.file();
  const runner = await GpuRunner.load(gpu, bufferSource(file), parseGguf(file), {
    contextLength,
    maxPrefillChunk: 4,
  });
  const kvPrecision = gpu.shaderF16 ? 'f16' : 'f32';
  const { forward } = loadCpuModel(file, { contextLength, kvPrecision });
  try {
    const { vsCpu, vsLlamaCpp } = await teacherForcedAgainstBoth(ref, runner, forward, GPU_VS_CPU_POSITIONS);
    const greedy = [];
    for (const g of ref.greedy) {
      const cpu = await greedyAgainst(g, (token, pos) => forward.forward(token, pos));
      const { matchLength } = await engineGreedy(runner, g);
      greedy.push({ prompt: g.prompt, matched: matchLength, required: requiredGreedyMatch(g, cpu) });
    }
    console.log(
      JSON.stringify({ adapter: gpu.adapterName, model: c.name, ...c.label, vsCpu, vsLlamaCpp, greedy }),
    );

    expect(vsCpu.meanKl).toBeLessThanOrEqual(1e-4);
    expect(vsCpu.top1Agreement).toBeGreaterThanOrEqual(0.99);
    expect(vsLlamaCpp.maxAbsLogprobDiff).toBeLessThanOrEqual(c.llamaCppBounds.maxLogprobDiff);
    expect(vsLlamaCpp.meanKl).toBeLessThanOrEqual(c.llamaCppBounds.meanKl);
    for (const g of greedy) expect(g.matched, g.prompt).toBeGreaterThanOrEqual(g.required);
  } finally {
    runner.destroy();
  }
}
