// Kernel benchmark on one Dawn adapter (pick it with the same environment as the GPU tests):
//   VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... npx tsx bench/kernels/run.ts [--small] [--iterations N]
// Mat-vec (decode) per weight type at LLM shapes with effective GB/s and the ratio to a plain streaming
// read of the same bytes in the same run; prefill matmul; the other layer kernels; and GQA attention with
// shared K/V tiles against the per-query-head variant. --small: fewer, smaller shapes (minutes on lavapipe).
import { parseArgs } from 'node:util';
import { create, globals } from 'webgpu';
import {
  type BoundKernel,
  partsInBuffer,
  prepareArgmax,
  prepareAttention,
  prepareEmbedding,
  prepareKvWrite,
  prepareMatmul,
  prepareRmsNorm,
  prepareRope,
  prepareSwiglu,
  randomWeightBytes,
  requestKernelDevice,
  rowBytes,
  splitRows,
  type WeightType,
  weightTypes,
} from '../../packages/kernels/src/index.ts';
import { prepareStreamRead } from './stream-read.ts';
import { createTimer } from './timing.ts';

Object.assign(globalThis, globals);
const { values: args } = parseArgs({
  options: { small: { type: 'boolean' }, iterations: { type: 'string' } },
});
const small = args.small === true;
const iterations = Number(args.iterations ?? (small ? '5' : '20'));

// Held for the whole run: a collected GPU instance takes Dawn down with it.
const gpu = create([]);
const kernelDevice = await requestKernelDevice(gpu, { extraFeatures: ['timestamp-query'] });
const { device } = kernelDevice;
const timer = createTimer(device);
const maxBinding = device.limits.maxStorageBufferBindingSize;
console.log(`# wgllm kernels on ${kernelDevice.adapterName}`);
console.log(
  `features: ${[...device.features].join(', ')}; timing: ${timer.method}; ${iterations} iterations`,
);
console.log(`maxStorageBufferBindingSize ${maxBinding}, maxBufferSize ${device.limits.maxBufferSize}\n`);

const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST;
function buffer(bytes: number): GPUBuffer {
  return device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage: storage });
}
function filled(data: ArrayBufferView): GPUBuffer {
  const b = buffer(data.byteLength);
  device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
  return b;
}

/** A (rows, cols) weight of random blocks: 64 random rows repeated (generating GBs in JS is too slow). */
function weightBuffer(type: WeightType, rows: number, cols: number): GPUBuffer {
  const bytesPerRow = rowBytes(type, cols);
  const tile = randomWeightBytes(type, 64, cols, Math.random);
  const out = device.createBuffer({
    size: Math.ceil((rows * bytesPerRow) / 16) * 16,
    usage: storage,
    mappedAtCreation: true,
  });
  const mapped = new Uint8Array(out.getMappedRange());
  for (let row = 0; row < rows; row += 64) {
    mapped.set(tile.subarray(0, Math.min(64, rows - row) * bytesPerRow), row * bytesPerRow);
  }
  out.unmap();
  return out;
}

const fmt = (v: number, digits = 2) => v.toFixed(digits);

// --- mat-vec (decode) and matmul (prefill) ---------------------------------------------------------------
const shapes: [rows: number, cols: number][] = small
  ? [
      [2048, 2048],
      [8192, 2048],
    ]
  : [
      [2048, 2048],
      [2048, 8192],
      [8192, 2048],
      [32000, 2048],
      [128256, 2048],
    ];
const prefillTokens = small ? 16 : 64;
console.log('## Mat-vec (decode, M = 1); prefill matmul at 2048x2048\n');
console.log(
  `| type | rows x cols | MB | ms | GB/s | stream GB/s | ratio | prefill M=${prefillTokens} GFLOP/s |`,
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [rows, cols] of shapes) {
  for (const type of weightTypes) {
    const bytesPerRow = rowBytes(type, cols);
    const bytes = rows * bytesPerRow;
    if (bytes > device.limits.maxBufferSize) {
      console.log(`| ${type} | ${rows}x${cols} | ${fmt(bytes / 1e6, 1)} | skipped: over maxBufferSize |||||`);
      continue;
    }
    const weight = weightBuffer(type, rows, cols);
    const parts = partsInBuffer(weight, splitRows(rows, bytesPerRow, maxBinding), bytesPerRow);
    const x = filled(new Float32Array(prefillTokens * cols).map(() => Math.random() * 2 - 1));
    const y = buffer(prefillTokens * rows * 4);
    const matvec = prepareMatmul(kernelDevice, { type }, { weight: parts, x, y, cols, nTokens: 1 });
    const stream = prepareStreamRead(
      device,
      parts.map((p) => ({ buffer: weight, offset: p.byteOffset, size: p.rows * bytesPerRow })),
    );
    const ms = await timer.time(matvec, iterations);
    const streamMs = await timer.time(stream, iterations);
    let prefill = '';
    if (rows === 2048 && cols === 2048) {
      const matmul = prepareMatmul(
        kernelDevice,
        { type },
        { weight: parts, x, y, cols, nTokens: prefillTokens },
      );
      const prefillMs = await timer.time(matmul, Math.max(1, Math.floor(iterations / 2)));
      prefill = fmt((2 * rows * cols * prefillTokens) / prefillMs / 1e6, 1);
      matmul.destroy();
    }
    const gbs = bytes / ms / 1e6;
    const streamGbs = bytes / streamMs / 1e6;
    console.log(
      `| ${type} | ${rows}x${cols} | ${fmt(bytes / 1e6, 1)} | ${fmt(ms, 3)} | ${fmt(gbs)} | ${fmt(streamGbs)} | ${fmt(gbs / streamGbs)} | ${prefill} |`,
    );
    for (const k of [matvec, stream]) k.destroy();
    for (const b of [weight, x, y]) b.destroy();
  }
}

// --- the rest of a layer ---------------------------------------------------------------------------------
const dim = 2048;
const nFf = small ? 5632 : 8192;
const nHead = 32;
const nHeadKv = 8;
const headDim = dim / nHead;
const positions = filled(new Uint32Array([100]));
const act = (n: number) => filled(new Float32Array(n).map(() => Math.random() * 2 - 1));
const ids = filled(new Uint32Array([1234]));
const table = weightBuffer('Q4_0', 32000, dim);
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

device.destroy();
process.exit(0);
