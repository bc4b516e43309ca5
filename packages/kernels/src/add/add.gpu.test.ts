import { gpuSuite } from '@wgllm/gpu-test';
import { elementwiseCases } from '../common/kernel-cases.ts';
import { addRef } from './add.ref.ts';
import { prepareAdd } from './add.ts';

export default gpuSuite('add', (test) => {
  elementwiseCases(test, {
    sizes: [1, 67, 4099],
    inputScales: [4, 4],
    prepare: (device, [a, b], out, n) => prepareAdd(device, { a: a!, b: b!, out, n }),
    reference: ([a, b]) => addRef(a!, b!),
    tolerance: { atol: 0, rtol: 0 }, // one f32 rounding, the same as the reference's
  });
  // b weighed (Granite's residual multiplier): the f32 product may be rounded before the sum, or fused.
  elementwiseCases((name, run) => test(`b scaled by 0.22, ${name}`, run), {
    sizes: [67, 4099],
    inputScales: [4, 4],
    prepare: (device, [a, b], out, n) => prepareAdd(device, { a: a!, b: b!, out, n, bScale: 0.22 }),
    reference: ([a, b]) => addRef(a!, b!, 0.22),
    tolerance: { atol: 1e-6, rtol: 1e-6 },
  });
});
