// Decode mat-vec of the current kernel against a baseline WGSL file (an expanded matmul.wgsl such as
// matmul-v1.wgsl; the variant header is prepended here) and the streaming read, interleaved in one run:
//   VK_ICD_FILENAMES=... LD_LIBRARY_PATH=... tsx bench/kernels/matvec-compare.ts bench/kernels/matmul-v1.wgsl
//   [--reps N] [--iterations N] [--types F32,Q4_0,...]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { create, globals } from 'webgpu';
import { bindGroup, boundKernel, grid2d } from '../../packages/kernels/src/common/bound-kernel.ts';
import { createParamsBuffer } from '../../packages/kernels/src/common/params.ts';
import { shaderSource } from '../../packages/kernels/src/common/shader-source.ts';
import {
  type BoundKernel,
  partsInBuffer,
  prepareMatmul,
  randomWeightBytes,
  requestKernelDevice,
  rowBytes,
  splitRows,
  type WeightType,
} from '../../packages/kernels/src/index.ts';
import { matmulParams } from '../../packages/kernels/src/matmul/matmul.ts';
import { prepareStreamRead } from './stream-read.ts';
import { createTimer } from './timing.ts';

Object.assign(globalThis, globals);
const { values: args, positionals } = parseArgs({
  options: { reps: { type: 'string' }, iterations: { type: 'string' }, types: { type: 'string' } },
  allowPositionals: true,
});
const baseline = readFileSync(positionals[0] ?? '', 'utf8');
const reps = Number(args.reps ?? '3');
const iterations = Number(args.iterations ?? '5');
const types = (args.types ?? 'F32,F16,Q8_0,Q4_0,Q4_K,Q6_K').split(',') as WeightType[];

const gpu = create([]);
const kernelDevice = await requestKernelDevice(gpu, { extraFeatures: ['timestamp-query'] });
const { device } = kernelDevice;
const timer = createTimer(device);
console.log(`# ${kernelDevice.adapterName}; timing ${timer.method}; ${reps} reps x ${iterations} iterations`);

/** The baseline kernel as matmul.ts used to dispatch it: one workgroup of 64 invocations per row. */
function prepareBaseline(
  type: WeightType,
  weight: GPUBuffer,
  rows: number,
  cols: number,
  x: GPUBuffer,
  y: GPUBuffer,
): BoundKernel {
  const code = shaderSource(baseline, {
    enables: kernelDevice.subgroups ? ['subgroups'] : [],
    constants: { WG: 64, ROWS: 1, TILE_M: 1, SUM_N: 1 },
    replace: { dequant_WEIGHT_TYPE: `dequant_${type}` },
    flags: { SUBGROUPS: kernelDevice.subgroups, GATE_UP: false, X_VEC4: false },
  });
  const module = device.createShaderModule({ code });
  const pipeline = device.createComputePipeline({ layout: 'auto', compute: { module } });
  const bytesPerRow = rowBytes(type, cols);
  const params = createParamsBuffer(device, matmulParams, {
    rows,
    cols,
    row_bytes: bytesPerRow,
    y_offset: 0,
    n_tokens: 1,
    x_stride: cols,
    y_stride: rows,
  });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: weight, size: rows * bytesPerRow }, { buffer: x }, { buffer: y }],
    'baseline',
  );
  const [gx, gy] = grid2d(rows);
  return boundKernel([{ pipeline, bindGroup: group, workgroups: [gx, gy, 1] }], [params]);
}

const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
console.log(
  '| type | rows x cols | MB | baseline ms | new ms | stream ms | speed-up | new GB/s / stream GB/s |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const [rows, cols] of [
  [2048, 2048],
  [8192, 2048],
] as const) {
  for (const type of types) {
    const bytesPerRow = rowBytes(type, cols);
    const bytes = rows * bytesPerRow;
    const tile = randomWeightBytes(type, 64, cols, Math.random);
    const weight = device.createBuffer({
      size: Math.ceil(bytes / 16) * 16,
      usage: storage,
      mappedAtCreation: true,
    });
    const mapped = new Uint8Array(weight.getMappedRange());
    for (let r = 0; r < rows; r += 64) mapped.set(tile, r * bytesPerRow);
    weight.unmap();
    const x = device.createBuffer({ size: cols * 4, usage: storage });
    device.queue.writeBuffer(
      x,
      0,
      new Float32Array(cols).map(() => Math.random() * 2 - 1),
    );
    const y = device.createBuffer({ size: rows * 4, usage: storage });
    const parts = partsInBuffer(
      weight,
      splitRows(rows, bytesPerRow, device.limits.maxStorageBufferBindingSize),
      bytesPerRow,
    );
    const kernels: BoundKernel[] = [
      prepareBaseline(type, weight, rows, cols, x, y),
      prepareMatmul(kernelDevice, { type }, { weight: parts, x, y, cols, nTokens: 1 }),
      prepareStreamRead(device, [{ buffer: weight, offset: 0, size: bytes }]),
    ];
    const ms = kernels.map(() => 0);
    for (let rep = 0; rep < reps; rep++) {
      for (const [i, k] of kernels.entries()) ms[i]! += (await timer.time(k, iterations)) / reps;
    }
    const [old, now, stream] = ms as [number, number, number];
    console.log(
      `| ${type} | ${rows}x${cols} | ${(bytes / 1e6).toFixed(1)} | ${old.toFixed(2)} | ${now.toFixed(2)} | ${stream.toFixed(2)} | ${(old / now).toFixed(2)} | ${(stream / now).toFixed(2)} |`,
    );
    for (const k of kernels) k.destroy();
    for (const b of [weight, x, y]) b.destroy();
  }
}
device.destroy();
process.exit(0);
