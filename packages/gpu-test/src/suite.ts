// One way to write a GPU test and run it on every adapter we have (Dawn/SwiftShader, Dawn/lavapipe,
// Chromium page, Chromium Worker). A `<name>.gpu.test.ts` (a kernel's, or whole-model checks) default-exports a suite;
// runners discover suites by that file suffix and run each case against a device they created.
import type { KernelDevice } from '@wgllm/kernels';

/**
 * The device as the engine requests it (maximum limits, every feature the kernels use, the CPU-adapter flag),
 * plus where the case runs. A case that forces a kernel variant passes a copy with a flag changed.
 */
export interface GpuTestContext extends KernelDevice {
  /** Where the case runs: "node/swiftshader", "node/lavapipe", "chromium-page" or "chromium-worker". */
  environment: string;
  /** A file of shared/models by its path there (e.g. "stories260K.gguf"), from disk or the test server. */
  fixture(path: string): Promise<Uint8Array>;
  /** A line for the test output (the browser runners print it after the run). */
  log(line: string): void;
}

export type GpuTestFn = (ctx: GpuTestContext) => Promise<void>;

export interface GpuCase {
  name: string;
  run: GpuTestFn;
}

export interface GpuSuite {
  name: string;
  cases: GpuCase[];
  /**
   * Where the suite runs (GpuTestContext.environment values); absent: everywhere. For whole-model checks whose
   * Node adapters already have a vitest file of their own, so CI time is not spent twice.
   */
  environments?: readonly string[];
  /** Where discovery found it (relative to gpu-test/src). */
  file?: string;
}

/** Declares a suite: `define` registers cases with `test(name, fn)`; a case fails by throwing. */
export function gpuSuite(
  name: string,
  define: (test: (caseName: string, run: GpuTestFn) => void) => void,
  environments?: readonly string[],
): GpuSuite {
  const cases: GpuCase[] = [];
  define((caseName, run) => {
    if (cases.some((c) => c.name === caseName))
      throw new Error(`duplicate GPU test case "${caseName}" in ${name}`);
    cases.push({ name: caseName, run });
  });
  return environments ? { name, cases, environments } : { name, cases };
}

/** Whether `suite` runs in `environment`. */
export function runsIn(suite: GpuSuite, environment: string): boolean {
  return !suite.environments || suite.environments.includes(environment);
}

/** Kernel variants a test should cover on this device: always f32, plus f16 where the device has it. */
export function precisionsOf(gpu: Pick<KernelDevice, 'shaderF16'>): ('f32' | 'f16')[] {
  return gpu.shaderF16 ? ['f32', 'f16'] : ['f32'];
}
