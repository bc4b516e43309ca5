import { f16BitsToF32, f32ToF16Bits } from '@wgllm/gguf';
import {
  createStorageBuffer,
  expectAllClose,
  type GpuTestContext,
  gpuSuite,
  precisionsOf,
  randomF32,
  readF32,
  seededRandom,
  uploadBuffer,
} from '@wgllm/gpu-test';
import { encodeAndSubmit } from '../common/test-support.ts';
import { attentionRef } from './attention.ref.ts';
import { type KvType, type PrefillAttention, prepareAttention } from './attention.ts';

interface Case {
  nHead: number;
  nHeadKv: number;
  headDim: number;
  /** Context after this step: positions [0, pos0 + nTokens). */
  context: number;
  nTokens: number;
  nSplits: number;
  kvType: KvType;
  shareKv: boolean;
  /** Sliding window (positions); the cache is then a ring of `slots` slots, fewer than the context. */
  window?: number;
  slots?: number;
  softcap?: number;
}

/** Checks `c`, a prefill with both kernels. */
async function checkAttention(ctx: GpuTestContext, c: Case): Promise<void> {
  const kernels: (PrefillAttention | undefined)[] = c.nTokens > 1 ? ['rows', 'tiles'] : [undefined];
  for (const prefill of kernels) await checkKernel(ctx, c, prefill);
}

async function checkKernel(ctx: GpuTestContext, c: Case, prefill: PrefillAttention | undefined) {
  const { device } = ctx;
  const { nHead, nHeadKv, headDim, context, nTokens } = c;
  // Capacity beyond the context must be ignored; a windowed cache is a ring that wraps around.
  const maxSeq = c.slots ?? context + 3;
  const pos0 = context - nTokens;
  const random = seededRandom(nHead * 1000 + nHeadKv * 100 + headDim + context + (c.window ?? 0));
  const extras = { ...(c.window && { window: c.window }), ...(c.softcap && { softcap: c.softcap }) };
  const q = randomF32(nTokens * nHead * headDim, random);
  const cacheLength = nHeadKv * maxSeq * headDim;
  let k = randomF32(cacheLength, random);
  let v = randomF32(cacheLength, random);
  // The f16 cache holds rounded values: the reference reads the same ones.
  const toF16 = (a: Float32Array) => Uint16Array.from(a, (x) => f32ToF16Bits(x));
  if (c.kvType === 'f16') {
    k = Float32Array.from(toF16(k), f16BitsToF32);
    v = Float32Array.from(toF16(v), f16BitsToF32);
  }
  const upload = (a: Float32Array) => uploadBuffer(device, c.kvType === 'f16' ? toF16(a) : a);
  const buffers = {
    q: uploadBuffer(device, q),
    kCache: upload(k),
    vCache: upload(v),
    positions: uploadBuffer(device, new Uint32Array([pos0])),
    out: createStorageBuffer(device, q.byteLength),
  };
  const kernel = prepareAttention(
    ctx,
    { headDim, kvType: c.kvType, shareKv: c.shareKv, ...(prefill && { prefill }) },
    { ...buffers, nHead, nHeadKv, maxSeq, nTokens, nSplits: c.nSplits, ...extras },
  );
  encodeAndSubmit(device, kernel);
  const expected = attentionRef(q, k, v, { nHead, nHeadKv, headDim, maxSeq, nTokens, pos0, ...extras });
  // Outputs are convex combinations of |v| <= 1; f32 exp and sums in another order: ~1e-6, a few ulp per step.
  const windowed = c.window ? ` window ${c.window} slots ${maxSeq}` : '';
  const capped = c.softcap ? ` softcap ${c.softcap}` : '';
  const label = `heads ${nHead}/${nHeadKv} hd ${headDim} ctx ${context} tokens ${nTokens} splits ${c.nSplits} ${c.kvType}${c.shareKv ? '' : ' per-head'}${windowed}${capped}${prefill ? ` ${prefill}` : ''}`;
  expectAllClose(await readF32(device, buffers.out, q.length), expected, { atol: 2e-5, rtol: 1e-4 }, label);
  kernel.destroy();
  for (const buffer of Object.values(buffers)) buffer.destroy();
}

const groupings: [name: string, nHead: number, nHeadKv: number][] = [
  ['MHA', 4, 4],
  ['GQA 2', 4, 2],
  ['GQA 4', 8, 2],
  ['GQA 8', 16, 2],
  ['MQA', 6, 1],
];

export default gpuSuite('attention', (test) => {
  for (const [name, nHead, nHeadKv] of groupings) {
    test(`decode ${name}, contexts 1, 7, 64`, async (ctx) => {
      for (const kvType of precisionsOf(ctx)) {
        for (const context of [1, 7, 64]) {
          const base = { nHead, nHeadKv, headDim: 16, context, nTokens: 1, kvType };
          await checkAttention(ctx, { ...base, nSplits: 1, shareKv: true });
          await checkAttention(ctx, { ...base, nSplits: 3, shareKv: true });
        }
      }
    });
  }
  test('decode head_dim 64, 80, 96, 128, 256', async (ctx) => {
    for (const kvType of precisionsOf(ctx)) {
      for (const headDim of [64, 80, 96, 128, 256]) {
        await checkAttention(ctx, {
          nHead: 8,
          nHeadKv: 2,
          headDim,
          context: 21,
          nTokens: 1,
          nSplits: 1,
          kvType,
          shareKv: true,
        });
      }
    }
  });
  test('decode long context (1100), split-K', async (ctx) => {
    for (const kvType of precisionsOf(ctx)) {
      for (const nSplits of [1, 8]) {
        await checkAttention(ctx, {
          nHead: 4,
          nHeadKv: 1,
          headDim: 8,
          context: 1100,
          nTokens: 1,
          nSplits,
          kvType,
          shareKv: true,
        });
      }
    }
  });
  test('decode per-head variant (no K/V sharing, bench only)', async (ctx) => {
    for (const nSplits of [1, 2]) {
      await checkAttention(ctx, {
        nHead: 8,
        nHeadKv: 2,
        headDim: 16,
        context: 40,
        nTokens: 1,
        nSplits,
        kvType: 'f32',
        shareKv: false,
      });
    }
  });
  test('prefill, causal', async (ctx) => {
    for (const kvType of precisionsOf(ctx)) {
      for (const [nHead, nHeadKv, headDim] of [
        [4, 2, 16],
        [6, 1, 80],
        [2, 2, 8],
      ] as const) {
        await checkAttention(ctx, {
          nHead,
          nHeadKv,
          headDim,
          context: 7,
          nTokens: 7,
          nSplits: 1,
          kvType,
          shareKv: true,
        });
        await checkAttention(ctx, {
          nHead,
          nHeadKv,
          headDim,
          context: 40,
          nTokens: 13,
          nSplits: 1,
          kvType,
          shareKv: true,
        });
      }
    }
  });
  test('prefill, head_dim 64 in groups of 7 and 256', async (ctx) => {
    for (const [nHead, nHeadKv, headDim] of [
      [14, 2, 64],
      [4, 4, 256],
    ] as const) {
      const shape = { nHead, nHeadKv, headDim, context: 40, nTokens: 13, nSplits: 1, kvType: 'f32' } as const;
      await checkAttention(ctx, { ...shape, shareKv: true });
    }
  });
  test('prefill after a long cached context, chunks of 1 to 70 tokens', async (ctx) => {
    for (const kvType of precisionsOf(ctx)) {
      for (const [nTokens, context] of [
        [2, 301],
        [64, 777],
        [70, 200],
      ] as const) {
        const shape = { nHead: 8, nHeadKv: 4, headDim: 8, context, nTokens, nSplits: 1, kvType };
        await checkAttention(ctx, { ...shape, shareKv: true });
      }
    }
  });
  // Windows shorter than the context, in caches of just the window plus the step's tokens (plus an odd slack):
  // the ring wraps, and whatever sits in the slots outside the window must not count.
  test('sliding window over a ring cache: decode (split-K) and prefill', async (ctx) => {
    // [window, context, new tokens, spare slots, splits, heads, KV heads, head_dim, f16 too]
    for (const [window, context, nTokens, slack, nSplits, nHead, nHeadKv, headDim, f16] of [
      [7, 50, 1, 0, 1, 4, 1, 32, false],
      [7, 50, 1, 3, 3, 6, 2, 20, true],
      [32, 300, 1, 1, 4, 4, 1, 32, false],
      [5, 23, 9, 0, 1, 6, 2, 20, false],
      [32, 301, 16, 2, 1, 4, 1, 32, true],
      [40, 30, 13, 0, 1, 6, 2, 20, false],
    ] as const) {
      const slots = Math.min(context + 3, window + nTokens - 1 + slack);
      for (const kvType of f16 ? precisionsOf(ctx) : (['f32'] as const)) {
        const shape = { nHead, nHeadKv, headDim, context, nTokens, nSplits, kvType, shareKv: true };
        await checkAttention(ctx, { ...shape, window, slots });
      }
    }
  });
  test('attention-logit soft cap, with and without a window', async (ctx) => {
    for (const [nTokens, nSplits, window] of [
      [1, 1, undefined],
      [1, 2, 9],
      [11, 1, 9],
    ] as const) {
      await checkAttention(ctx, {
        nHead: 8,
        nHeadKv: 4,
        headDim: 16,
        context: 37,
        nTokens,
        nSplits,
        kvType: 'f32',
        shareKv: true,
        softcap: 0.5,
        ...(window && { window, slots: window + nTokens - 1 }),
      });
    }
  });
});
