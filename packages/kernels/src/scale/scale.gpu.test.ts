import { expectAllClose, gpuSuite, randomF32, readF32, seededRandom } from '@wgllm/gpu-test';
import { withBuffers } from '../common/kernel-cases.ts';
import { encodeAndSubmit } from '../common/test-support.ts';
import { scaleRef } from './scale.ref.ts';
import { prepareScale } from './scale.ts';

export default gpuSuite('scale', (test) => {
  for (const [n, scale] of [
    [1, 0.125],
    [67, -3],
    [4099, 1 / 7],
  ] as const) {
    test(`${n} elements by ${scale}`, async ({ device }) => {
      const x = randomF32(n, seededRandom(n), 4);
      await withBuffers(device, [x], [], async ([buffer]) => {
        const kernel = prepareScale(device, { x: buffer!, n, scale });
        encodeAndSubmit(device, kernel);
        const scaled = await readF32(device, buffer!, n);
        kernel.destroy();
        // One f32 rounding of a product of two f32 numbers: the reference's.
        expectAllClose(scaled, scaleRef(x, scale), { atol: 0, rtol: 0 }, 'x');
      });
    });
  }
});
