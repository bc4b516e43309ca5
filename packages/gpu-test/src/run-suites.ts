import { requestTestDevice } from './device.ts';
import type { GpuSuite } from './suite.ts';

export interface CaseResult {
  suite: string;
  name: string;
  /** Error message; absent when the case passed. */
  error?: string;
  /** Wall time, milliseconds. */
  ms: number;
}

export interface SuiteRun {
  adapterName: string;
  shaderF16: boolean;
  subgroups: boolean;
  results: CaseResult[];
}

/** What the runner page puts on `window` for Playwright to call. */
export interface RunnerWindow {
  runGpuSuites(where: 'page' | 'worker'): Promise<SuiteRun>;
}

/** Runs every case of every suite on one device (used in browser pages and Workers, where vitest is absent). */
export async function runSuites(gpu: GPU, suites: GpuSuite[]): Promise<SuiteRun> {
  const testDevice = await requestTestDevice(gpu);
  const { device } = testDevice;
  const results: CaseResult[] = [];
  for (const suite of suites) {
    for (const testCase of suite.cases) {
      const start = performance.now();
      const result: CaseResult = { suite: suite.name, name: testCase.name, ms: 0 };
      try {
        device.pushErrorScope('validation');
        await testCase.run(testDevice);
        const validation = await device.popErrorScope();
        if (validation) throw new Error(`WebGPU validation error: ${validation.message}`);
      } catch (error) {
        result.error = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
      }
      result.ms = performance.now() - start;
      results.push(result);
    }
  }
  device.destroy();
  return {
    adapterName: testDevice.adapterName,
    shaderF16: testDevice.features.shaderF16,
    subgroups: testDevice.features.subgroups,
    results,
  };
}
