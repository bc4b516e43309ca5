import {
  createStorageBuffer,
  expectAllClose,
  gpuSuite,
  randomF32,
  readF32,
  seededRandom,
  uploadBuffer,
} from '@wgllm/gpu-test';
import { encodeAndSubmit } from '../common/test-support.ts';
import { rmsNormRef } from './rmsnorm.ref.ts';
import { prepareRmsNorm } from './rmsnorm.ts';

const shapes: [dim: number, nTokens: number][] = [
  [1, 1],
  [7, 3],
  [256, 1],
  [1000, 2],
];

export default gpuSuite('rmsnorm', (test) => {
  for (const [add, xScale] of [
    [false, 1],
    [true, 1],
    [true, 0.22],
  ] as const) {
    test(add ? `fused residual add, x scaled by ${xScale}` : 'plain', async (ctx) => {
      const { device } = ctx;
      const reductions = ctx.subgroups ? [true, false] : [false];
      for (const subgroups of reductions) {
        for (const [dim, nTokens] of shapes) {
          const random = seededRandom(dim * 31 + nTokens);
          const x = randomF32(dim * nTokens, random, 2);
          const residual = randomF32(dim * nTokens, random, 2);
          const weight = randomF32(dim, random);
          const xBuffer = uploadBuffer(device, x);
          const residualBuffer = uploadBuffer(
            device,
            residual,
            GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
          );
          const weightBuffer = uploadBuffer(device, weight);
          const out = createStorageBuffer(device, dim * nTokens * 4);
          const kernel = prepareRmsNorm(
            { ...ctx, subgroups },
            {
              x: xBuffer,
              ...(add ? { residual: residualBuffer, xScale } : {}),
              weight: weightBuffer,
              out,
              dim,
              nTokens,
              eps: 1e-5,
            },
          );
          encodeAndSubmit(device, kernel);
          const expected = rmsNormRef(x, add ? residual : undefined, weight, dim, 1e-5, xScale);
          // f32 sum of squares: relative error ~ sqrt(dim) ulp, carried into every output.
          const tolerance = { atol: 1e-6, rtol: 1e-6 * Math.sqrt(dim) + 1e-6 };
          const label = `dim ${dim} tokens ${nTokens} ${subgroups ? 'subgroups' : 'workgroup'}`;
          expectAllClose(await readF32(device, out, dim * nTokens), expected.out, tolerance, `${label} out`);
          if (add)
            expectAllClose(
              await readF32(device, residualBuffer, dim * nTokens),
              expected.h,
              tolerance,
              `${label} h`,
            );
          kernel.destroy();
          for (const buffer of [xBuffer, residualBuffer, weightBuffer, out]) buffer.destroy();
        }
      }
    });
  }
});
