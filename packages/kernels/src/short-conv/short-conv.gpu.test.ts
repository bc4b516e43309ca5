import { expectAllClose, gpuSuite, randomF32, readF32, seededRandom } from '@wgllm/gpu-test';
import { withBuffers } from '../common/kernel-cases.ts';
import { encodeAndSubmit } from '../common/test-support.ts';
import { shortConvRef } from './short-conv.ref.ts';
import { prepareShortConv } from './short-conv.ts';

// Odd channel counts (a partial workgroup), LFM2's 3 taps and others, decode (1) and prefill chunks.
const cases = [
  { channels: 1, kernel: 3, chunks: [1, 1, 1] },
  { channels: 67, kernel: 3, chunks: [7, 1, 64] },
  { channels: 1024, kernel: 3, chunks: [64, 7, 1] },
  { channels: 130, kernel: 2, chunks: [1, 7] },
  { channels: 33, kernel: 4, chunks: [7, 1, 1, 64] },
];

export default gpuSuite('short-conv', (test) => {
  for (const { channels, kernel, chunks } of cases) {
    test(`${channels} channels, ${kernel} taps, chunks ${chunks.join('+')}`, async ({ device }) => {
      const random = seededRandom(channels * 31 + kernel);
      const weight = randomF32(channels * kernel, random, 1);
      const initial = randomF32((kernel - 1) * channels, random, 2);
      const expectedState = initial.slice();
      await withBuffers(device, [weight, initial], [], async ([weightBuffer, stateBuffer]) => {
        for (const nTokens of chunks) {
          const bcx = randomF32(nTokens * 3 * channels, random, 2);
          const expected = shortConvRef(bcx, weight, expectedState, channels, kernel);
          await withBuffers(device, [bcx], [nTokens * channels * 4], async ([bcxBuffer], [out]) => {
            const binding = { bcx: bcxBuffer!, weight: weightBuffer!, state: stateBuffer!, out: out! };
            const k = prepareShortConv(device, { ...binding, channels, nTokens, kernel });
            encodeAndSubmit(device, k);
            // f32 sums of `kernel` products against the reference's f64 sum: a few ulp.
            const tolerance = { atol: 1e-5, rtol: 1e-5 };
            expectAllClose(await readF32(device, out!, nTokens * channels), expected, tolerance, 'out');
            k.destroy();
          });
          const state = await readF32(device, stateBuffer!, (kernel - 1) * channels);
          expectAllClose(state, expectedState, { atol: 0, rtol: 0 }, 'state');
        }
      });
    });
  }
});
