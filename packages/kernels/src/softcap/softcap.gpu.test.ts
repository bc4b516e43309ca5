import { expectAllClose, gpuSuite, randomF32, readF32, seededRandom, uploadBuffer } from '@wgllm/gpu-test';
import { encodeAndSubmit } from '../common/test-support.ts';
import { softcapRef } from './softcap.ref.ts';
import { prepareSoftcap } from './softcap.ts';

export default gpuSuite('softcap', (test) => {
  for (const [n, cap] of [
    [1, 30],
    [63, 30],
    [1000, 2.5],
  ] as const) {
    test(`${n} elements, cap ${cap}`, async ({ device }) => {
      // Values up to 4 caps: through the linear part, the bend and saturation.
      const x = randomF32(n, seededRandom(n), 4 * cap);
      const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
      const buffer = uploadBuffer(device, x, usage);
      const kernel = prepareSoftcap(device, { x: buffer, n, cap });
      encodeAndSubmit(device, kernel);
      // tanh in f32: a few ulp of the cap.
      expectAllClose(
        await readF32(device, buffer, n),
        softcapRef(x, cap),
        { atol: cap * 1e-6, rtol: 1e-5 },
        'x',
      );
      kernel.destroy();
      buffer.destroy();
    });
  }
});
