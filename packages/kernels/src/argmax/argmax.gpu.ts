import {
  createStorageBuffer,
  gpuSuite,
  randomF32,
  readBuffer,
  seededRandom,
  uploadBuffer,
} from '@wgllm/gpu-test';
import { encodeAndSubmit } from '../common/test-support.ts';
import { argmaxRef } from './argmax.ref.ts';
import { prepareArgmax } from './argmax.ts';

export default gpuSuite('argmax', (test) => {
  for (const n of [1, 255, 1000, 32000]) {
    test(`${n} logits`, async ({ device }) => {
      const random = seededRandom(n);
      const logits = randomF32(n, random, 10);
      // A tie with a later index must resolve to the earlier one.
      const best = argmaxRef(logits);
      if (n > 1) logits[n - 1] = logits[best]!;
      const logitBuffer = uploadBuffer(device, logits);
      const result = createStorageBuffer(device, 4);
      const kernel = prepareArgmax(device, { logits: logitBuffer, result, n });
      encodeAndSubmit(device, kernel);
      const got = new Uint32Array(await readBuffer(device, result, 4))[0];
      if (got !== best) throw new Error(`argmax of ${n}: got ${got}, expected ${best}`);
      kernel.destroy();
      logitBuffer.destroy();
      result.destroy();
    });
  }
});
