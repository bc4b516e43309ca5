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
import { addRef } from './add.ref.ts';
import { prepareAdd } from './add.ts';

export default gpuSuite('add', (test) => {
  for (const n of [1, 67, 4099]) {
    test(`${n} elements`, async ({ device }) => {
      const random = seededRandom(n);
      const a = randomF32(n, random, 4);
      const b = randomF32(n, random, 4);
      const buffers = [
        uploadBuffer(device, a),
        uploadBuffer(device, b),
        createStorageBuffer(device, n * 4),
      ] as const;
      const kernel = prepareAdd(device, { a: buffers[0], b: buffers[1], out: buffers[2], n });
      encodeAndSubmit(device, kernel);
      // One f32 rounding, the same as the reference's.
      expectAllClose(await readF32(device, buffers[2], n), addRef(a, b), { atol: 0, rtol: 0 }, 'out');
      kernel.destroy();
      for (const buffer of buffers) buffer.destroy();
    });
  }
});
