import { f16BitsToF32 } from '@wgllm/gguf';
import {
  expectAllClose,
  gpuSuite,
  precisionsOf,
  randomF32,
  readBuffer,
  seededRandom,
  uploadBuffer,
} from '@wgllm/gpu-test';
import type { KvType } from '../attention/attention.ts';
import { encodeAndSubmit } from '../common/test-support.ts';
import type { RopeConfig } from '../rope/rope.ts';
import { kvWriteRef } from './kv-write.ref.ts';
import { prepareKvWrite } from './kv-write.ts';

async function readCache(
  device: GPUDevice,
  buffer: GPUBuffer,
  length: number,
  kvType: KvType,
): Promise<Float32Array> {
  const bytes = await readBuffer(device, buffer, length * (kvType === 'f16' ? 2 : 4));
  return kvType === 'f16' ? Float32Array.from(new Uint16Array(bytes), f16BitsToF32) : new Float32Array(bytes);
}

const ropes: [name: string, rope: RopeConfig | undefined][] = [
  ['copy', undefined],
  ['rope', { headDim: 16, nRot: 16, neox: false, freqBase: 10000, freqScale: 1 }],
  ['rope neox partial', { headDim: 16, nRot: 8, neox: true, freqBase: 10000, freqScale: 1 }],
  [
    'rope yarn',
    {
      headDim: 16,
      nRot: 16,
      neox: false,
      freqBase: 500000,
      freqScale: 0.125,
      yarn: { extFactor: 1, attnFactor: 1.1, betaFast: 32, betaSlow: 1, origContext: 8 },
    },
  ],
];

export default gpuSuite('kv-write', (test) => {
  for (const [name, rope] of ropes) {
    test(name, async ({ device, shaderF16 }) => {
      for (const kvType of precisionsOf({ shaderF16 })) {
        // [5, 10]: the ring of 12 slots wraps (positions 12, 13, 14 go to slots 0, 1, 2).
        for (const [nTokens, pos0] of [
          [1, 9],
          [5, 0],
          [5, 10],
          [1, 31],
        ] as const) {
          const dims = { nHeadKv: 3, headDim: 16, maxSeq: 12, pos0 };
          const random = seededRandom(nTokens * 7 + pos0);
          const k = randomF32(nTokens * dims.nHeadKv * dims.headDim, random);
          const v = randomF32(k.length, random);
          const cacheLength = dims.nHeadKv * dims.maxSeq * dims.headDim;
          const initial = kvType === 'f16' ? new Uint16Array(cacheLength) : new Float32Array(cacheLength);
          const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC;
          const buffers = {
            k: uploadBuffer(device, k),
            v: uploadBuffer(device, v),
            positions: uploadBuffer(device, new Uint32Array([pos0])),
            kCache: uploadBuffer(device, initial, usage),
            vCache: uploadBuffer(device, initial, usage),
          };
          // Frequency factors (llama 3 rope_freqs) with every RoPE case.
          const factors = rope && Float32Array.from({ length: rope.nRot / 2 }, () => 1 + 7 * random());
          const freqFactors = factors && uploadBuffer(device, factors);
          const binding = { ...buffers, ...(freqFactors && { freqFactors }), nTokens, ...dims };
          const kernel = prepareKvWrite(device, kvType, rope, binding);
          encodeAndSubmit(device, kernel);
          const expected = { k: new Float32Array(cacheLength), v: new Float32Array(cacheLength) };
          kvWriteRef(k, v, expected, dims, rope, kvType, factors);
          // RoPE: WGSL's 2^-11 sin/cos bound; f16 caches (the reference rounds the same way) up to 2^-11 more.
          const atol = (rope ? 2 ** -11 : 0) + (kvType === 'f16' ? 2 ** -11 : 0);
          const label = `${name} ${kvType} tokens ${nTokens} pos ${pos0}`;
          const gotK = await readCache(device, buffers.kCache, cacheLength, kvType);
          expectAllClose(gotK, expected.k, { atol, rtol: 0 }, `${label} k`);
          const gotV = await readCache(device, buffers.vCache, cacheLength, kvType);
          expectAllClose(gotV, expected.v, { atol: 0, rtol: 0 }, `${label} v`);
          kernel.destroy();
          for (const buffer of Object.values(buffers)) buffer.destroy();
          freqFactors?.destroy();
        }
      }
    });
  }
});
