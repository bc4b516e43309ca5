import { expectAllClose, gpuSuite, randomF32, readF32, seededRandom, uploadBuffer } from '@wgllm/gpu-test';
import { encodeAndSubmit } from '../common/test-support.ts';
import { BANNED_LOGIT } from './logit-adjust.ts';
import { tokenMaskRef } from './token-mask.ref.ts';
import { prepareTokenMask } from './token-mask.ts';

export default gpuSuite('token-mask', (test) => {
  test('random masks over odd vocabulary sizes, two steps through one binding', async ({ device }) => {
    const random = seededRandom(5);
    // Sizes that end mid-word and mid-workgroup; 1 and 33 leave most of a word unused.
    for (const n of [1, 33, 1000, 4099]) {
      const logits = randomF32(n, random, 6);
      const buffer = uploadBuffer(device, logits, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
      const kernel = prepareTokenMask(device, { logits: buffer, n });
      const expected = Float32Array.from(logits);
      // A dense mask, then a sparse one (as a grammar allows after a few tokens).
      for (const density of [0.7, 0.02]) {
        const mask = new Uint32Array(Math.ceil(n / 32));
        for (let t = 0; t < n; t++) if (random() < density) mask[t >>> 5]! |= 1 << (t & 31);
        kernel.write(mask);
        encodeAndSubmit(device, kernel);
        tokenMaskRef(expected, mask);
      }
      const got = await readF32(device, buffer, n);
      if (!got.some((l) => l === BANNED_LOGIT) && n > 1) throw new Error(`n=${n}: nothing was masked`);
      expectAllClose(got, expected, { atol: 0, rtol: 0 }, `masked logits, n=${n}`);
      kernel.destroy();
      buffer.destroy();
    }
  });
});
