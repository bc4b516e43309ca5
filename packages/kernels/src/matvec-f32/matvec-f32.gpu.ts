import {
  createStorageBuffer,
  expectAllClose,
  gpuSuite,
  randomF32,
  readF32,
  seededRandom,
  uploadBuffer,
} from '@wgllm/gpu-test';
import { matvecF32Ref } from './matvec-f32.ref.ts';
import { MatvecF32 } from './matvec-f32.ts';

// Odd sizes on purpose: rows not a multiple of anything, cols smaller and larger than the workgroup.
const shapes: [rows: number, cols: number][] = [
  [1, 1],
  [7, 3],
  [33, 65],
  [64, 64],
  [129, 257],
  [300, 1000],
];

export default gpuSuite('matvec-f32', (test) => {
  for (const [rows, cols] of shapes) {
    test(`${rows}x${cols}`, async ({ device }) => {
      const random = seededRandom(rows * 7919 + cols);
      const weight = randomF32(rows * cols, random);
      const x = randomF32(cols, random);
      const weightBuffer = uploadBuffer(device, weight);
      const xBuffer = uploadBuffer(device, x);
      const yBuffer = createStorageBuffer(device, rows * 4);
      const encoder = device.createCommandEncoder();
      new MatvecF32(device).encode(encoder, weightBuffer, xBuffer, yBuffer, rows, cols);
      device.queue.submit([encoder.finish()]);
      const y = await readF32(device, yBuffer, rows);
      // f32 accumulation in a different order than the f64 reference: error grows ~ sqrt(cols) ulp.
      expectAllClose(
        y,
        matvecF32Ref(weight, x, rows, cols),
        { atol: 1e-5 * Math.sqrt(cols), rtol: 1e-5 },
        'y',
      );
      //nodestroy
    });
  }
});
