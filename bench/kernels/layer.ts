// The other kernels of a decode step (norm, rope, swiglu, embedding, KV write, argmax), decode attention
// (GQA-shared K/V tiles against one query head per workgroup) and prefill attention (its two kernels, a chunk
// after a cached context), printed as markdown: `run.ts --op layer`.
import {
  type BoundKernel,
  type KernelDevice,
  prepareArgmax,
  prepareAttention,
  prepareEmbedding,
  prepareKvWrite,
  prepareRmsNorm,
  prepareRope,
  prepareSwiglu,
  rowBytes,
} from '../../packages/kernels/src/index.ts';
import type { LabBuffers } from './lab-buffers.ts';
import type { Timer } from './timing.ts';

const fmt = (v: number, digits = 2) => v.toFixed(digits);

export async function runLayerKernels(
  kernelDevice: KernelDevice,
  { buffer, filled, weightBuffer }: LabBuffers,
  timer: Timer,
  small: boolean,
  iterations: number,
): Promise<void> {
  const { device } = kernelDevice;
  // --- the rest of a layer ---------------------------------------------------------------------------------
  const dim = 2048;
  const nFf = small ? 5632 : 8192;
  const nHead = 32;
  const nHeadKv = 8;
  const headDim = dim / nHead;
  const positions = filled(new Uint32Array([100]));
  const act = (n: number) => filled(new Float32Array(n).map(() => Math.random() * 2 - 1));
  const ids = filled(new Uint32Array([1234]));
  const table = weightBuffer('Q4_0', 32000, dim).buffer;
  const rows: [name: string, kernel: BoundKernel, bytes: number][] = [
    [
      `rmsnorm + residual (${dim})`,
      prepareRmsNorm(kernelDevice, {
        x: act(dim),
        residual: act(dim),
        weight: act(dim),
        out: buffer(dim * 4),
        dim,
        nTokens: 1,
        eps: 1e-5,
      }),
      dim * 4 * 4,
    ],
    [
      `rope q (${nHead}x${headDim})`,
      prepareRope(
        device,
        { headDim, nRot: headDim, neox: false, freqBase: 10000, freqScale: 1 },
        { v: act(dim), positions, nTokens: 1, nHeads: nHead },
      ),
      dim * 4 * 2,
    ],
    [
      `swiglu (${nFf})`,
      prepareSwiglu(device, { gate: act(nFf), up: act(nFf), out: buffer(nFf * 4), n: nFf }),
      nFf * 4 * 3,
    ],
    [
      `embedding Q4_0 (1 of 32000x${dim})`,
      prepareEmbedding(device, 'Q4_0', {
        table: [{ buffer: table, byteOffset: 0, rows: 32000 }],
        ids,
        out: buffer(dim * 4),
        cols: dim,
        nTokens: 1,
      }),
      rowBytes('Q4_0', dim) + dim * 4,
    ],
    [
      `kv write + rope (${nHeadKv}x${headDim}, f32)`,
      prepareKvWrite(
        device,
        'f32',
        { headDim, nRot: headDim, neox: false, freqBase: 10000, freqScale: 1 },
        {
          k: act(nHeadKv * headDim),
          v: act(nHeadKv * headDim),
          positions,
          kCache: buffer(nHeadKv * 1024 * headDim * 4),
          vCache: buffer(nHeadKv * 1024 * headDim * 4),
          nTokens: 1,
          nHeadKv,
          headDim,
          maxSeq: 1024,
        },
      ),
      nHeadKv * headDim * 4 * 4,
    ],
    ...[32000, 128256].map(
      (n) =>
        [`argmax (${n})`, prepareArgmax(device, { logits: act(n), result: buffer(4), n }), n * 4] as [
          string,
          BoundKernel,
          number,
        ],
    ),
  ];
  console.log('\n## Other layer kernels (one decode token)\n');
  console.log('| kernel | ms | GB/s |');
  console.log('|---|---|---|');
  for (const [name, kernel, bytes] of rows) {
    const ms = await timer.time(kernel, iterations);
    console.log(`| ${name} | ${fmt(ms, 3)} | ${fmt(bytes / ms / 1e6)} |`);
  }

  // --- attention: GQA-shared K/V tiles against one query head per workgroup ---------------------------------
  const context = small ? 512 : 2048;
  const attnHeadDim = small ? 64 : 128;
  const maxSeq = context;
  console.log(
    `\n## Decode attention, ${nHead} query heads / ${nHeadKv} KV heads, head_dim ${attnHeadDim}, context ${context}\n`,
  );
  console.log('| KV cache | variant | splits | K/V MB read per token | ms | GB/s |');
  console.log('|---|---|---|---|---|---|');
  const kvTypes = device.features.has('shader-f16') ? (['f32', 'f16'] as const) : (['f32'] as const);
  for (const kvType of kvTypes) {
    const elementBytes = kvType === 'f16' ? 2 : 4;
    const cacheBytes = nHeadKv * maxSeq * attnHeadDim * elementBytes;
    const kCache = buffer(cacheBytes);
    const vCache = buffer(cacheBytes);
    const q = act(nHead * attnHeadDim);
    const out = buffer(nHead * attnHeadDim * 4);
    const lastPosition = filled(new Uint32Array([context - 1]));
    for (const shareKv of [true, false]) {
      for (const nSplits of [1, 8]) {
        const kernel = prepareAttention(
          kernelDevice,
          { headDim: attnHeadDim, kvType, shareKv },
          { q, kCache, vCache, positions: lastPosition, out, nHead, nHeadKv, maxSeq, nTokens: 1, nSplits },
        );
        // Every workgroup loads its KV head's K and V for the whole context once.
        const readers = shareKv ? nHeadKv : nHead;
        const kvBytes = readers * context * attnHeadDim * 2 * elementBytes;
        const ms = await timer.time(kernel, iterations);
        const variant = shareKv ? 'GQA-shared tiles' : 'per query head';
        console.log(
          `| ${kvType} | ${variant} | ${nSplits} | ${fmt(kvBytes / 1e6, 2)} | ${fmt(ms, 3)} | ${fmt(kvBytes / ms / 1e6)} |`,
        );
        kernel.destroy();
      }
    }
  }

  // --- prefill attention: a 64-token chunk after a cached context, both kernels ----------------------------
  const chunk = 64;
  console.log(`\n## Prefill attention, ${chunk}-token chunk after the cached context: GFLOP/s (ms)\n`);
  console.log('2 x 2 x head_dim flop per (query head, visible position): QK and PV.\n');
  console.log(
    '| shape | heads / KV heads | head_dim | KV cache | context | rows (ms) | tiles (ms) | rows / tiles |',
  );
  console.log('|---|---|---|---|---|---|---|---|');
  const shapes = [
    ['Qwen2.5-0.5B', 14, 2, 64],
    ['Llama-3.2-1B', 32, 8, 64],
    ['Gemma-3-1B', 4, 1, 256],
    ['stories260K', 8, 4, 8],
  ] as const;
  const kvType = device.features.has('shader-f16') ? 'f16' : 'f32';
  const elementBytes = kvType === 'f16' ? 2 : 4;
  for (const [name, heads, kvHeads, hd] of shapes) {
    for (const cached of small ? [448] : [448, 1984]) {
      const seq = cached + chunk;
      const kCache = buffer(kvHeads * seq * hd * elementBytes);
      const vCache = buffer(kvHeads * seq * hd * elementBytes);
      const q = act(chunk * heads * hd);
      const out = buffer(chunk * heads * hd * 4);
      const first = filled(new Uint32Array([cached]));
      // Query token t sees cached + t + 1 positions.
      const flop = 4 * hd * heads * (chunk * cached + (chunk * (chunk + 1)) / 2);
      const ms: number[] = [];
      for (const prefill of ['rows', 'tiles'] as const) {
        const kernel = prepareAttention(
          kernelDevice,
          { headDim: hd, kvType, shareKv: true, prefill },
          {
            q,
            kCache,
            vCache,
            positions: first,
            out,
            nHead: heads,
            nHeadKv: kvHeads,
            maxSeq: seq,
            nTokens: chunk,
          },
        );
        ms.push(await timer.time(kernel, iterations));
        kernel.destroy();
      }
      const cell = (t: number) => `${fmt(flop / t / 1e6)} (${fmt(t, 2)})`;
      console.log(
        `| ${name} | ${heads} / ${kvHeads} | ${hd} | ${kvType} | ${seq} | ${cell(ms[0]!)} | ${cell(ms[1]!)} | ${fmt(ms[1]! / ms[0]!)}x |`,
      );
    }
  }
}
