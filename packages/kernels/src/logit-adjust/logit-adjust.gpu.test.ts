import { expectAllClose, gpuSuite, randomF32, readF32, seededRandom } from '@wgllm/gpu-test';
import { withBuffers } from '../common/kernel-cases.ts';
import { encodeAndSubmit } from '../common/test-support.ts';
import { logitAdjustRef } from './logit-adjust.ref.ts';
import { BANNED_LOGIT, type LogitAdjustEntry, type Penalties, prepareLogitAdjust } from './logit-adjust.ts';

export default gpuSuite('logit-adjust', (test) => {
  test('bias and penalties on distinct ids, two steps through one binding', async ({ device }) => {
    const [vocab, capacity] = [1000, 100];
    const random = seededRandom(11);
    const logits = randomF32(vocab, random, 6); // both signs: the repetition penalty treats them differently
    await withBuffers(device, [logits], [capacity * 16], async ([logitBuffer], [entriesBuffer]) => {
      const kernel = prepareLogitAdjust(device, { logits: logitBuffer!, entries: entriesBuffer!, capacity });
      const ids = new Set<number>();
      while (ids.size < 77) ids.add(Math.floor(random() * vocab));
      const entries: LogitAdjustEntry[] = [...ids].map((id, i) => ({
        id,
        count: i % 4,
        bias: i % 3 === 0 ? 0 : i === 5 ? Number.NEGATIVE_INFINITY : random() * 4 - 2,
      }));
      const steps: [LogitAdjustEntry[], Penalties][] = [
        [entries, { repetition: 1.3, frequency: 0.25, presence: 0.5 }],
        [entries.slice(0, 9), { repetition: 0.8, frequency: -0.5, presence: 0 }], // fewer entries; negative penalties
      ];
      const expected = Float32Array.from(logits);
      for (const [stepEntries, penalties] of steps) {
        kernel.write(stepEntries, penalties);
        encodeAndSubmit(device, kernel);
        logitAdjustRef(expected, stepEntries, penalties);
      }
      const got = await readF32(device, logitBuffer!, vocab);
      if (got[entries[5]!.id] !== BANNED_LOGIT) throw new Error('a -inf bias must ban the token');
      expectAllClose(got, expected, { atol: 1e-6, rtol: 1e-6 }, 'adjusted logits');
      kernel.destroy();
    });
  });
});
