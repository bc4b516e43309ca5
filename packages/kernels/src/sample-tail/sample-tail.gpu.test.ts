import { gpuSuite, randomF32, readBuffer, seededRandom } from '@wgllm/gpu-test';
import { withBuffers } from '../common/kernel-cases.ts';
import { encodeAndSubmit } from '../common/test-support.ts';
import { topKRef } from '../topk/topk.ref.ts';
import { sampleTailRef } from './sample-tail.ref.ts';
import { prepareSampleTail, TAIL_STATS_BYTES, type TailDraw } from './sample-tail.ts';

const cases: { n: number; k: number; temperature: number }[] = [
  { n: 1000, k: 40, temperature: 0.8 },
  { n: 32000, k: 64, temperature: 1.5 },
  { n: 5, k: 8, temperature: 1 }, // k >= n: no tail
  { n: 777, k: 1, temperature: 0.3 },
];

export default gpuSuite('sample-tail', (test) => {
  for (const { n, k, temperature } of cases) {
    test(`${n} logits, k ${k}, T ${temperature}: sums and the seeded tail draw match the reference`, async ({
      device,
    }) => {
      const logits = randomF32(n, seededRandom(n + k), 5);
      const top = Float32Array.from(topKRef(logits, k), (id) => logits[id]!);
      await withBuffers(
        device,
        [logits, top],
        [TAIL_STATS_BYTES],
        async ([logitBuffer, topBuffer], [stats]) => {
          const kernel = prepareSampleTail(device, {
            logits: logitBuffer!,
            topValues: topBuffer!,
            stats: stats!,
            n,
          });
          for (const step of [0, 1, 2]) {
            const draw: TailDraw = { k, temperature, seed: 1234, step };
            kernel.write(draw);
            encodeAndSubmit(device, kernel);
            const bytes = await readBuffer(device, stats!, TAIL_STATS_BYTES);
            const [sumAll, sumTail] = new Float32Array(bytes, 0, 2);
            const [tailId, tailCount] = new Uint32Array(bytes, 8, 2);
            const want = sampleTailRef(logits, top, k, temperature, draw.seed, step);
            const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
            const label = `n ${n} k ${k} step ${step}`;
            if (!close(sumAll!, want.sumAll))
              throw new Error(`${label}: sum_all ${sumAll} != ${want.sumAll}`);
            if (!close(sumTail!, want.sumTail))
              throw new Error(`${label}: sum_tail ${sumTail} != ${want.sumTail}`);
            if (tailCount !== want.tailCount)
              throw new Error(`${label}: tail count ${tailCount} != ${want.tailCount}`);
            if (tailId !== want.tailId) throw new Error(`${label}: tail draw ${tailId} != ${want.tailId}`);
          }
          kernel.destroy();
        },
      );
    });
  }
});
