import { requestKernelDevice } from '@wgllm/kernels';
import { fetchFixture } from './browser/fetch-fixture.ts';
import type { GpuSuite } from './suite.ts';

export interface CaseResult {
  name: string;
  /** Error message; absent when the case passed. */
  error?: string;
  /** Lines the case logged. */
  logs: string[];
  /** Wall time, milliseconds. */
  ms: number;
}

export interface SuiteRun {
  adapterName: string;
  shaderF16: boolean;
  subgroups: boolean;
  results: CaseResult[];
}

export type BrowserEnvironment = 'chromium-page' | 'chromium-worker';

/** What the runner page puts on `window` for Playwright to call. */
export interface RunnerWindow {
  runGpuSuite(where: 'page' | 'worker', suiteName: string): Promise<SuiteRun>;
}

/**
 * Runs every case of one suite on a device of its own (in browser pages and Workers, where vitest is absent).
 * One suite per call keeps each within the runner's per-hook timeout, however long the whole set grows.
 */
export async function runSuite(
  gpu: GPU,
  suite: GpuSuite,
  environment: BrowserEnvironment,
): Promise<SuiteRun> {
  const testDevice = await requestKernelDevice(gpu);
  const { device } = testDevice;
  const results: CaseResult[] = [];
  for (const testCase of suite.cases) {
    const start = performance.now();
    const result: CaseResult = { name: testCase.name, logs: [], ms: 0 };
    try {
      device.pushErrorScope('validation');
      await testCase.run({
        ...testDevice,
        environment,
        fixture: fetchFixture,
        log: (line) => result.logs.push(line),
      });
      const validation = await device.popErrorScope();
      if (validation) throw new Error(`WebGPU validation error: ${validation.message}`);
    } catch (error) {
      result.error = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
    }
    result.ms = performance.now() - start;
    results.push(result);
  }
  device.destroy();
  return {
    adapterName: testDevice.adapterName,
    shaderF16: testDevice.shaderF16,
    subgroups: testDevice.subgroups,
    results,
  };
}
