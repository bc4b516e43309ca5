// Runs every GPU suite on one Dawn adapter in Node. Which one is chosen by the environment the test
// script sets (VK_ICD_FILENAMES, LD_LIBRARY_PATH) and named by WGLLM_ADAPTER, which this file checks:
// a missing or different adapter fails the run instead of silently testing something else. WGLLM_GPU_SUITE=<words>
// runs only the suites whose name or file contains one of the comma-separated words.

import { type KernelDevice, requestKernelDevice } from '@wgllm/kernels';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { create, globals } from 'webgpu';
import { selectSuites } from '../discover.ts';
import { readFixture } from '../node-fixtures.ts';
import { runsIn } from '../suite.ts';

Object.assign(globalThis, globals);

const expected = process.env.WGLLM_ADAPTER ?? 'swiftshader';
const expectations: Record<string, { name: RegExp; shaderF16: boolean }> = {
  swiftshader: { name: /swiftshader/i, shaderF16: false },
  lavapipe: { name: /llvmpipe|lavapipe/i, shaderF16: true },
};

describe(`node/${expected}`, () => {
  let testDevice: KernelDevice;

  beforeAll(async () => {
    testDevice = await requestKernelDevice(create([]));
  });
  afterAll(() => testDevice?.device.destroy());

  it('runs on the expected adapter', () => {
    const want = expectations[expected];
    expect(want, `unknown WGLLM_ADAPTER ${expected}`).toBeDefined();
    expect(testDevice.adapterName).toMatch(want!.name);
    expect(testDevice.shaderF16).toBe(want!.shaderF16);
  });

  const environment = `node/${expected}`;
  for (const suite of selectSuites(process.env.WGLLM_GPU_SUITE).filter((s) => runsIn(s, environment))) {
    describe(suite.name, () => {
      for (const testCase of suite.cases) {
        it(testCase.name, async () => {
          const { device } = testDevice;
          device.pushErrorScope('validation');
          await testCase.run({
            ...testDevice,
            environment,
            fixture: readFixture,
            log: (line) => console.log(line),
          });
          const error = await device.popErrorScope();
          expect(error?.message ?? null).toBeNull();
        });
      }
    });
  }
});
