import { gpuSuite } from '@wgllm/gpu-test';
import { elementwiseCases } from '../common/kernel-cases.ts';
import { swigluRef } from './swiglu.ref.ts';
import { prepareSwiglu } from './swiglu.ts';

export default gpuSuite('swiglu', (test) =>
  elementwiseCases(test, {
    sizes: [1, 63, 1000],
    inputScales: [8, 2], // gate, up
    prepare: (device, [gate, up], out, n) => prepareSwiglu(device, { gate: gate!, up: up!, out, n }),
    reference: ([gate, up]) => swigluRef(gate!, up!),
    tolerance: { atol: 1e-6, rtol: 1e-5 }, // exp in f32: a few ulp
  }),
);
