import { gpuSuite, randomF32, seededRandom } from '@wgllm/gpu-test';
import { runKernel } from '../common/kernel-cases.ts';
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
      const [result] = await runKernel(device, [logits], [4], ([input], [output]) =>
        prepareArgmax(device, { logits: input!, result: output!, n }),
      );
      const got = new Uint32Array(result!)[0];
      if (got !== best) throw new Error(`argmax of ${n}: got ${got}, expected ${best}`);
    });
  }
});
