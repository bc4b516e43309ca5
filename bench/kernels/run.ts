// The kernel lab (after llm.c's dev/cuda): every kept version of the decode mat-vec (bench/kernels/matvec/)
// and the prefill matmul (bench/kernels/matmul/) at real model shapes, each checked against the f64 CPU
// reference and timed side by side in one run, plus what the runtime's prepareMatmul picks. Markdown out.
//   VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... npx tsx bench/kernels/run.ts [--small] [--op matvec,matmul,layer]
//     [--types Q4_0,F16] [--models Qwen2.5-0.5B] [--tokens 128] [--iterations N]
// Mat-vec: GB/s of weight bytes and the share of this adapter's streaming read of the same bytes (measured
// next to it). Matmul: GFLOP/s (2 rows cols tokens per call). --small: Qwen2.5-0.5B's FFN, six types.
import { parseArgs } from 'node:util';
import { create, globals } from 'webgpu';
import {
  type BoundKernel,
  type KernelDevice,
  partsInBuffer,
  prepareMatmul,
  requestKernelDevice,
  rowBytes,
  type WeightType,
  weightTypes,
} from '../../packages/kernels/src/index.ts';
import { FMA_PEAK_FLOP, prepareFmaPeak } from './fma-peak.ts';
import { labBuffers, readBack, relativeError, tileReference } from './lab-buffers.ts';
import { runLayerKernels } from './layer.ts';
import { matmulVersions } from './matmul/versions.ts';
import { matvecVersions } from './matvec/versions.ts';
import { type MatrixRole, type MatrixShape, matrixShape, models } from './shapes.ts';
import { prepareStreamRead } from './stream-read.ts';
import { createTimer } from './timing.ts';
import type { KernelVersion } from './version.ts';

Object.assign(globalThis, globals);
const { values: args } = parseArgs({
  options: {
    small: { type: 'boolean' },
    op: { type: 'string' },
    types: { type: 'string' },
    models: { type: 'string' },
    tokens: { type: 'string' },
    iterations: { type: 'string' },
    'max-mb': { type: 'string' },
  },
});
const small = args.small === true;
const ops = new Set((args.op ?? 'matvec,matmul,layer').split(','));
const types: readonly WeightType[] = args.types
  ? (args.types.split(',') as WeightType[])
  : small
    ? ['Q4_0', 'Q4_K', 'Q5_K', 'Q6_K', 'Q8_0', 'F16']
    : weightTypes;
for (const t of types) if (!weightTypes.includes(t)) throw new Error(`unknown weight type ${t}`);
const modelNames = args.models?.split(',') ?? (small ? ['Qwen2.5-0.5B'] : models.map((m) => m.name));
const prefillTokens = Number(args.tokens ?? 128);
const maxIterations = Number(args.iterations ?? (small ? 5 : 20));
/** Weights above this size are skipped (F32 LM heads of GBs). */
const maxBytes = Number(args['max-mb'] ?? 800) * 1e6;

// Held for the whole run: a collected GPU instance takes Dawn down with it.
const kernelDevice = await requestKernelDevice(create([]), { extraFeatures: ['timestamp-query'] });
const { device } = kernelDevice;
const timer = createTimer(device);
const buffers = labBuffers(device);
const maxBinding = device.limits.maxStorageBufferBindingSize;
console.log(`# wgllm kernel lab on ${kernelDevice.adapterName}\n`);
console.log(
  `features: ${[...device.features].join(', ')}; CPU adapter: ${kernelDevice.cpuAdapter}; timing: ${timer.method}; up to ${maxIterations} iterations`,
);
console.log(`maxStorageBufferBindingSize ${maxBinding}, maxBufferSize ${device.limits.maxBufferSize}\n`);

const fmt = (v: number, digits = 2) => v.toFixed(digits);

/** Mean ms per call, with the iteration count sized to about 0.4 s of work. */
async function timeKernel(kernel: BoundKernel): Promise<number> {
  const once = await timer.time(kernel, 1);
  return timer.time(kernel, Math.max(2, Math.min(maxIterations, Math.round(400 / once))));
}

function shapesFor(roles: readonly MatrixRole[]): MatrixShape[] {
  return models
    .filter((m) => modelNames.includes(m.name))
    .flatMap((m) => roles.map((r) => matrixShape(m, r)));
}

const runtimeVersion: KernelVersion = {
  name: 'runtime',
  note: "what packages/kernels' prepareMatmul picks for this adapter and shape",
  tolerance: 2e-2, // its loosest variant's: int8 x on the CPU adapters
  prepare: (gpu, options, binding) => prepareMatmul(gpu, options, binding),
};

interface Measured {
  ms: number;
  error: number;
}

/** Runs every version on one weight: error against the reference, then ms per call. */
async function measureVersions(
  gpu: KernelDevice,
  versions: readonly KernelVersion[],
  type: WeightType,
  shape: MatrixShape,
  nTokens: number,
): Promise<{ results: (Measured | undefined)[]; bytes: number; streamMs: number }> {
  const { rows, cols } = shape;
  const bytesPerRow = rowBytes(type, cols);
  const weight = buffers.weightBuffer(type, rows, cols);
  const parts = partsInBuffer(weight.buffer, splitRowsFor(rows, bytesPerRow), bytesPerRow);
  const xData = new Float32Array(nTokens * cols).map(() => Math.random() * 2 - 1);
  const x = buffers.filled(xData);
  const y = buffers.buffer(nTokens * rows * 4);
  const reference = tileReference(type, weight.tile, xData, cols, nTokens);
  const results: (Measured | undefined)[] = [];
  for (const version of versions) {
    const kernel = version.prepare(gpu, { type }, { weight: parts, x, y, cols, nTokens });
    if (!kernel) {
      results.push(undefined);
      continue;
    }
    device.queue.writeBuffer(y, 0, new Float32Array(nTokens * rows).fill(Number.NaN));
    await timer.time(kernel, 1);
    const error = relativeError(await readBack(device, y, nTokens * rows), reference, rows, nTokens);
    results.push({ ms: await timeKernel(kernel), error });
    kernel.destroy();
  }
  const stream = prepareStreamRead(
    device,
    parts.map((p) => ({ buffer: weight.buffer, offset: p.byteOffset, size: p.rows * bytesPerRow })),
  );
  const streamMs = await timeKernel(stream);
  stream.destroy();
  for (const b of [weight.buffer, x, y]) b.destroy();
  return { results, bytes: rows * bytesPerRow, streamMs };
}

function splitRowsFor(rows: number, bytesPerRow: number): number[] {
  const rowsPerPart = Math.floor(maxBinding / bytesPerRow / 256) * 256; // 256-row steps keep parts aligned
  const counts: number[] = [];
  for (let start = 0; start < rows; start += rowsPerPart) counts.push(Math.min(rowsPerPart, rows - start));
  return counts;
}

const failures: string[] = [];
function cell(
  version: KernelVersion,
  m: Measured | undefined,
  value: (m: Measured) => string,
  label: string,
) {
  if (!m) return '–';
  if (!(m.error <= version.tolerance)) {
    failures.push(
      `${version.name} ${label}: relative error ${m.error.toExponential(2)} > ${version.tolerance}`,
    );
    return `✗ ${value(m)}`;
  }
  return value(m);
}

function printNotes(versions: readonly KernelVersion[]) {
  for (const v of versions) console.log(`- ${v.name}: ${v.note}`);
  console.log('');
}

function fits(type: WeightType, shape: MatrixShape): boolean {
  return (
    shape.cols % (type.startsWith('Q') && type.endsWith('_K') ? 256 : 32) === 0 &&
    shape.rows * rowBytes(type, shape.cols) <= Math.min(maxBytes, device.limits.maxBufferSize)
  );
}

if (ops.has('matvec')) {
  const versions = [...matvecVersions, runtimeVersion];
  console.log('## Decode mat-vec (M = 1): GB/s of weight read (share of the streaming read)\n');
  printNotes(versions);
  console.log(
    `| model | matrix | rows x cols | type | MB | stream GB/s | ${versions.map((v) => v.name).join(' | ')} |`,
  );
  console.log(`|---|---|---|---|---|---|${versions.map(() => '---|').join('')}`);
  for (const shape of shapesFor(
    small ? ['ffn_up', 'ffn_down'] : ['attn_q', 'attn_kv', 'ffn_up', 'ffn_down', 'lm_head'],
  )) {
    for (const type of types) {
      if (!fits(type, shape)) continue;
      const { results, bytes, streamMs } = await measureVersions(kernelDevice, versions, type, shape, 1);
      const streamGbs = bytes / streamMs / 1e6;
      const label = `${type} ${shape.rows}x${shape.cols}`;
      const cells = versions.map((v, i) =>
        cell(
          v,
          results[i],
          (m) => `${fmt(bytes / m.ms / 1e6)} (${Math.round((100 * streamMs) / m.ms)}%)`,
          label,
        ),
      );
      console.log(
        `| ${shape.model} | ${shape.role} | ${shape.rows}x${shape.cols} | ${type} | ${fmt(bytes / 1e6, 1)} | ${fmt(streamGbs)} | ${cells.join(' | ')} |`,
      );
    }
  }
  console.log('');
}

if (ops.has('matmul')) {
  const versions = [...matmulVersions, runtimeVersion];
  const peak = prepareFmaPeak(device);
  const peakGflops = FMA_PEAK_FLOP / (await timeKernel(peak)) / 1e6;
  peak.destroy();
  console.log(`## Prefill matmul (M = ${prefillTokens} tokens): GFLOP/s\n`);
  console.log(
    `FMA ceiling of this adapter (16 independent f32 FMA chains per invocation, no memory): ${fmt(peakGflops, 1)} GFLOP/s. ` +
      'Last column: the best version as a share of it.\n',
  );
  printNotes(versions);
  console.log(
    `| model | matrix | rows x cols | type | ${versions.map((v) => v.name).join(' | ')} | best / ceiling |`,
  );
  console.log(`|---|---|---|---|${versions.map(() => '---|').join('')}---|`);
  for (const shape of shapesFor(small ? ['ffn_up'] : ['attn_q', 'ffn_up', 'ffn_down'])) {
    for (const type of types) {
      if (!fits(type, shape)) continue;
      const { results } = await measureVersions(kernelDevice, versions, type, shape, prefillTokens);
      const flop = 2 * shape.rows * shape.cols * prefillTokens;
      const label = `${type} ${shape.rows}x${shape.cols} M=${prefillTokens}`;
      const cells = versions.map((v, i) => cell(v, results[i], (m) => fmt(flop / m.ms / 1e6, 1), label));
      const passed = results.map((m, i) => (m && m.error <= versions[i]!.tolerance ? flop / m.ms / 1e6 : 0));
      const best = Math.max(...passed);
      console.log(
        `| ${shape.model} | ${shape.role} | ${shape.rows}x${shape.cols} | ${type} | ${cells.join(' | ')} | ${Math.round((100 * best) / peakGflops)}% |`,
      );
    }
  }
  console.log('');
}

if (failures.length > 0) {
  console.log('## Failed reference checks (✗)\n');
  for (const f of failures) console.log(`- ${f}`);
  console.log('');
}

if (ops.has('layer')) await runLayerKernels(kernelDevice, buffers, timer, small, maxIterations);

device.destroy();
process.exit(failures.length > 0 ? 1 : 0);
