// Debug taps compared across backends: both run the same tokens up to a position, then every named value of
// the graph at that position is read from each (the GPU copies them out after the kernels that write them)
// and compared. The first value that strays is where a mismatch against the oracle begins.
import type { CpuForward } from '../cpu/forward-cpu.ts';
import type { GpuRunner } from '../gpu/gpu-runner.ts';

export interface TapDiff {
  name: string;
  width: number;
  /** max |cpu - gpu| over the value's elements; undefined when the GPU never stores it (fused away). */
  maxAbsDiff: number | undefined;
  /** max |cpu|, the scale the difference is read against. */
  maxAbs: number;
}

/**
 * Runs `tokens[0, at)` on both backends (fresh caches), then token `at` with every value of `names` (all
 * values when absent) tapped; returns the values in graph order.
 */
export async function compareTaps(
  cpu: CpuForward,
  gpu: GpuRunner,
  tokens: readonly number[],
  at: number,
  names?: ReadonlySet<string>,
): Promise<TapDiff[]> {
  if (at < 0 || at >= tokens.length)
    throw new RangeError(`position ${at} is outside the ${tokens.length} tokens`);
  const wanted = names ?? new Set(gpu.graph.ops.map((op) => op.out.name));
  const prefix = tokens.slice(0, at);
  if (prefix.length > 0) {
    cpu.run(prefix, 0);
    await gpu.run(prefix, 0, 'argmax');
  }
  const cpuValues = new Map<string, Float32Array>();
  cpu.run([tokens[at]!], at, (value, data) => {
    if (wanted.has(value.name)) cpuValues.set(value.name, data);
  });
  const gpuValues = await gpu.tap([tokens[at]!], at, wanted);
  return gpu.graph.ops
    .filter((op) => cpuValues.has(op.out.name))
    .map((op) => {
      const expected = cpuValues.get(op.out.name)!;
      const got = gpuValues.get(op.out.name);
      let maxAbsDiff = got ? 0 : undefined;
      let maxAbs = 0;
      expected.forEach((x, i) => {
        maxAbs = Math.max(maxAbs, Math.abs(x));
        if (got) maxAbsDiff = Math.max(maxAbsDiff!, Math.abs(x - got[i]!));
      });
      return { name: op.out.name, width: op.out.width, maxAbsDiff, maxAbs };
    });
}
