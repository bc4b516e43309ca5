// The GPU half of the synthetic-model checks (testing/synthetic-checks.ts): a model on a WebGPU adapter against the
// CPU reference and llama.cpp's recorded outputs, prefill in chunks of at most 4 tokens so that prompts cross
// several plans (4, 2, 1) and a windowed layer's ring cache wraps every few steps. Free of vitest so that the
// browser suite (synthetic-browser.gpu.test.ts) runs the same checks as the Dawn files.
import { bufferSource, parseGguf } from '@wgllm/gguf';
import type { KernelDevice } from '@wgllm/kernels';
import { loadCpuModel } from '../cpu/load-cpu-model.ts';
import { greedyAgainst } from '../testing/reference-checks.ts';
import { engineGreedy, teacherForcedAgainstBoth } from '../testing/runner-checks.ts';
import type { SyntheticCase } from '../testing/synthetic-checks.ts';
import { requiredGreedyMatch, type SyntheticModelReference } from '../testing/synthetic-reference.ts';
import { GpuRunner } from './gpu-runner.ts';

/** Positions the GPU is held to the CPU reference at (every position against llama.cpp's recording). */
const GPU_VS_CPU_POSITIONS = 48;
/** GPU vs CPU reference: both run our kernels' maths, so only rounding order and f16 KV differ. */
const VS_CPU = { meanKl: 1e-4, top1Agreement: 0.99 };

/**
 * Runs the case on `gpu` and returns what breaks its bounds (empty when it passes), after logging the
 * measurements as one JSON line through `log`.
 */
export async function gpuCheckFailures(
  gpu: KernelDevice,
  c: SyntheticCase,
  ref: SyntheticModelReference,
  contextLength: number,
  log: (line: string) => void = console.log,
): Promise<string[]> {
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
    log(JSON.stringify({ adapter: gpu.adapterName, model: c.name, ...c.label, vsCpu, vsLlamaCpp, greedy }));

    const failures: string[] = [];
    const atMost = (what: string, value: number, bound: number) => {
      if (!(value <= bound)) failures.push(`${c.name}: ${what} ${value} > ${bound}`);
    };
    atMost('mean KL vs CPU', vsCpu.meanKl, VS_CPU.meanKl);
    if (!(vsCpu.top1Agreement >= VS_CPU.top1Agreement))
      failures.push(`${c.name}: top-1 agreement vs CPU ${vsCpu.top1Agreement} < ${VS_CPU.top1Agreement}`);
    atMost('max |d ln p| vs llama.cpp', vsLlamaCpp.maxAbsLogprobDiff, c.llamaCppBounds.maxLogprobDiff);
    atMost('mean KL vs llama.cpp', vsLlamaCpp.meanKl, c.llamaCppBounds.meanKl);
    for (const g of greedy) {
      if (g.matched < g.required)
        failures.push(`${c.name}: greedy "${g.prompt}" matched ${g.matched} tokens, needs ${g.required}`);
    }
    return failures;
  } finally {
    runner.destroy();
  }
}
