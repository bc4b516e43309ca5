import { expectAllClose, gpuSuite, randomF32, readF32, seededRandom, uploadBuffer } from '@wgllm/gpu-test';
import { encodeAndSubmit } from '../common/test-support.ts';
import { ropeRef } from './rope.ref.ts';
import { prepareRope, type RopeConfig } from './rope.ts';

const cases: {
  name: string;
  config: RopeConfig;
  nTokens: number;
  nHeads: number;
  pos0: number;
  /** Per-pair frequency factors (llama 3 rope_freqs, LongRoPE): drawn in [1, 8) when set. */
  factors?: boolean;
}[] = [
  {
    name: 'normal, one token',
    config: { headDim: 8, nRot: 8, neox: false, freqBase: 10000, freqScale: 1 },
    nTokens: 1,
    nHeads: 3,
    pos0: 5,
  },
  {
    name: 'neox, prefill',
    config: { headDim: 16, nRot: 16, neox: true, freqBase: 10000, freqScale: 1 },
    nTokens: 7,
    nHeads: 2,
    pos0: 0,
  },
  {
    name: 'partial rotation',
    config: { headDim: 12, nRot: 6, neox: false, freqBase: 500000, freqScale: 0.25 },
    nTokens: 3,
    nHeads: 5,
    pos0: 17,
  },
  {
    name: 'far position',
    config: { headDim: 64, nRot: 64, neox: true, freqBase: 10000, freqScale: 1 },
    nTokens: 2,
    nHeads: 1,
    pos0: 1500,
  },
  {
    name: 'frequency factors (llama 3), odd heads',
    config: { headDim: 64, nRot: 64, neox: false, freqBase: 500000, freqScale: 1 },
    nTokens: 3,
    nHeads: 5,
    pos0: 300,
    factors: true,
  },
  {
    name: 'LongRoPE: neox partial (96 of 128) with factors and a magnitude',
    config: { headDim: 128, nRot: 96, neox: true, freqBase: 10000, freqScale: 1, attnFactor: 1.19 },
    nTokens: 3,
    nHeads: 3,
    pos0: 200,
    factors: true,
  },
  {
    name: 'yarn, neox partial with factors',
    config: {
      headDim: 24,
      nRot: 18,
      neox: true,
      freqBase: 10000,
      freqScale: 0.25,
      yarn: { extFactor: 1, attnFactor: 0.9, betaFast: 32, betaSlow: 1, origContext: 256 },
    },
    nTokens: 5,
    nHeads: 3,
    pos0: 700,
    factors: true,
  },
];

export default gpuSuite('rope', (test) => {
  for (const c of cases) {
    test(c.name, async ({ device }) => {
      const random = seededRandom(c.nTokens * 13 + c.nHeads);
      const v = randomF32(c.nTokens * c.nHeads * c.config.headDim, random);
      const buffer = uploadBuffer(device, v, GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC);
      const positions = uploadBuffer(device, new Uint32Array([c.pos0]));
      const factors = c.factors
        ? Float32Array.from({ length: c.config.nRot / 2 }, () => 1 + 7 * random())
        : undefined;
      const factorsBuffer = factors && uploadBuffer(device, factors);
      const kernel = prepareRope(device, c.config, {
        v: buffer,
        positions,
        ...(factorsBuffer && { freqFactors: factorsBuffer }),
        nTokens: c.nTokens,
        nHeads: c.nHeads,
      });
      encodeAndSubmit(device, kernel);
      // WGSL allows sin/cos an absolute error of 2^-11 (SwiftShader uses ~1e-4 of it); the f32 angle
      // pos * freq adds ~pos * 2^-24 rad.
      const atol = 2 ** -11 + (c.pos0 + c.nTokens) * 2e-7;
      expectAllClose(
        await readF32(device, buffer, v.length),
        ropeRef(v, c.nHeads, c.config, c.pos0, factors),
        { atol, rtol: 1e-5 },
        c.name,
      );
      kernel.destroy();
      buffer.destroy();
      positions.destroy();
      factorsBuffer?.destroy();
    });
  }
});
