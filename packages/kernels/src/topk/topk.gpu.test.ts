import { gpuSuite, randomF32, readBuffer, seededRandom } from '@wgllm/gpu-test';
import { runKernel, withBuffers } from '../common/kernel-cases.ts';
import { encodeAndSubmit } from '../common/test-support.ts';
import { topKRef } from './topk.ref.ts';
import { prepareTopK } from './topk.ts';

const cases: [n: number, k: number][] = [
  [5, 8], // fewer logits than k
  [1000, 1],
  [1000, 40],
  [9000, 64], // several chunks, the last one partial: two passes
  [32000, 256], // three passes
  [70000, 512], // the largest k
];

export default gpuSuite('topk', (test) => {
  for (const [n, k] of cases) {
    test(`top ${k} of ${n}`, async ({ device }) => {
      const random = seededRandom(n * 3 + k);
      // Rounded logits make ties, which must come out in id order.
      const logits = randomF32(n, random, 8).map((v) => Math.round(v * 64) / 64);
      const [valueBytes, idBytes] = await runKernel(
        device,
        [logits],
        [k * 4, k * 4],
        ([input], [values, ids]) =>
          prepareTopK(device, { logits: input!, values: values!, ids: ids!, n, capacity: k }),
      );
      const gotIds = Array.from(new Uint32Array(idBytes!));
      const gotValues = new Float32Array(valueBytes!);
      const expected = topKRef(logits, k);
      const padded = [...expected, ...Array<number>(k - expected.length).fill(0xffffffff)];
      if (gotIds.join() !== padded.join()) throw new Error(`top ${k} of ${n}: ids ${gotIds} != ${padded}`);
      expected.forEach((id, j) => {
        if (gotValues[j] !== logits[id])
          throw new Error(`top ${k} of ${n}: value ${j} ${gotValues[j]} != ${logits[id]}`);
      });
    });
  }
  test('k changed between submits (setK) without re-preparing', async ({ device }) => {
    const [n, capacity] = [5000, 64];
    const logits = randomF32(n, seededRandom(7), 8);
    await withBuffers(device, [logits], [capacity * 4, capacity * 4], async ([input], [values, ids]) => {
      const kernel = prepareTopK(device, { logits: input!, values: values!, ids: ids!, n, capacity }, 3);
      for (const k of [3, 64, 17]) {
        kernel.setK(k);
        encodeAndSubmit(device, kernel);
        const got = Array.from(new Uint32Array(await readBuffer(device, ids!, k * 4)));
        if (got.join() !== topKRef(logits, k).join()) throw new Error(`setK(${k}): ids ${got}`);
      }
      kernel.destroy();
    });
  });
});
