import {
  createStorageBuffer,
  expectAllClose,
  gpuSuite,
  readF32,
  seededRandom,
  uploadBuffer,
} from '@wgllm/gpu-test';
import { encodeAndSubmit } from '../common/test-support.ts';
import { dequantizeWeightRef } from '../matmul/matmul.ref.ts';
import { randomWeightBytes } from '../matmul/random-weights.ts';
import { partsInBuffer, splitRows } from '../matmul/weight-parts.ts';
import { rowBytes, typeLayout, weightTypes } from '../matmul/weight-types.ts';
import { embeddingRef } from './embedding.ref.ts';
import { prepareEmbedding } from './embedding.ts';

export default gpuSuite('embedding', (test) => {
  for (const type of weightTypes) {
    test(type, async ({ device }) => {
      const block = typeLayout(type).blockSize;
      const cols = block === 1 ? 37 : block * 2;
      const vocab = 300;
      const random = seededRandom(cols);
      const bytes = randomWeightBytes(type, vocab, cols, random);
      const ids = new Uint32Array([0, 299, 17, 17, 150, 64]);
      // A 32 KiB binding limit splits the table into row ranges: the lookup must find each id's range.
      const rowCounts = splitRows(vocab, rowBytes(type, cols), 32768);
      const table = uploadBuffer(device, bytes);
      const idBuffer = uploadBuffer(device, ids);
      const out = createStorageBuffer(device, ids.length * cols * 4);
      // Gemma's sqrt(n_embd) on every other type, the plain lookup on the rest.
      const scale = weightTypes.indexOf(type) % 2 === 0 ? 1 : Math.sqrt(cols);
      const kernel = prepareEmbedding(device, type, {
        table: partsInBuffer(table, rowCounts, rowBytes(type, cols)),
        ids: idBuffer,
        out,
        cols,
        nTokens: ids.length,
        scale,
      });
      encodeAndSubmit(device, kernel);
      const expected = embeddingRef(dequantizeWeightRef(type, bytes, vocab, cols), ids, cols, scale);
      // Same f32 formulas as the reference: equal up to fma contraction.
      expectAllClose(
        await readF32(device, out, ids.length * cols),
        expected,
        { atol: 1e-6, rtol: 1e-6 },
        type,
      );
      kernel.destroy();
      for (const buffer of [table, idBuffer, out]) buffer.destroy();
    });
  }
});
