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
import { gegluRef, swigluRef } from './swiglu.ref.ts';
import { prepareGeglu, prepareSwiglu } from './swiglu.ts';

const activations = [
  ['swiglu', prepareSwiglu, swigluRef],
  ['geglu', prepareGeglu, gegluRef],
] as const;
const cases = activations.flatMap(([name, prepare, reference]) =>
  [1, 63, 1000].map((n) => ({ name, prepare, reference, n })),
);

export default gpuSuite('swiglu', (test) => {
  for (const { name, prepare, reference, n } of cases) {
    test(`${name}, ${n} elements`, async ({ device }) => {
      const random = seededRandom(n);
      const gate = randomF32(n, random, 8);
      const up = randomF32(n, random, 2);
      const buffers = [
        uploadBuffer(device, gate),
        uploadBuffer(device, up),
        createStorageBuffer(device, n * 4),
      ] as const;
      const kernel = prepare(device, { gate: buffers[0], up: buffers[1], out: buffers[2], n });
      encodeAndSubmit(device, kernel);
      // exp, tanh in f32: a few ulp.
      expectAllClose(
        await readF32(device, buffers[2], n),
        reference(gate, up),
        { atol: 1e-6, rtol: 1e-5 },
        'out',
      );
      kernel.destroy();
      for (const buffer of buffers) buffer.destroy();
    });
  }
});
