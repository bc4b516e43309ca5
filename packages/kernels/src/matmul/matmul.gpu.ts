import {
  createStorageBuffer,
  expectAllClose,
  type GpuTestContext,
  gpuSuite,
  randomF32,
  readF32,
  seededRandom,
  uploadBuffer,
} from '@wgllm/gpu-test';
import { swigluRef } from '../swiglu/swiglu.ref.ts';
import { dequantizeWeightRef, matmulRef } from './matmul.ref.ts';
import { prepareMatmul } from './matmul.ts';
import { randomWeightBytes } from './random-weights.ts';
import { partsInBuffer, splitRows } from './weight-parts.ts';
import { rowBytes, typeLayout, type WeightType, weightTypes } from './weight-types.ts';

// Odd row counts everywhere; columns a few blocks long (float types also take odd lengths).
function shapesFor(type: WeightType): [rows: number, cols: number][] {
  const block = typeLayout(type).blockSize;
  if (block === 1)
    return [
      [1, 1],
      [7, 33],
      [33, 100],
    ];
  if (block === 32)
    return [
      [1, 32],
      [7, 96],
      [33, 320],
    ];
  return [
    [1, 256],
    [5, 512],
    [19, 256],
  ];
}

interface Run {
  type: WeightType;
  rows: number;
  cols: number;
  nTokens: number;
  subgroups: boolean;
  /** Force the weight into row ranges of at most this many bytes each. */
  maxBindingBytes?: number;
  /** Gate rows then up rows (2 * rows), output silu(gate) * up. */
  gateUp?: boolean;
  /** Add a random bias per row. */
  bias?: boolean;
  /** Decode as on a CPU adapter: through matvec_rows.wgsl (one invocation per row, rows up to 1024 wide). */
  rowPerInvocation?: boolean;
}

async function checkMatmul(ctx: GpuTestContext, run: Run): Promise<void> {
  const { device } = ctx;
  const { type, rows, cols, nTokens, subgroups } = run;
  const gateUp = run.gateUp === true;
  const weightRows = gateUp ? 2 * rows : rows;
  const random = seededRandom(rows * 7919 + cols * 31 + nTokens);
  const bytes = randomWeightBytes(type, weightRows, cols, random);
  const x = randomF32(nTokens * cols, random);
  const bias = run.bias ? randomF32(rows, random) : undefined;
  const biasBuffer = bias && uploadBuffer(device, bias);
  const bytesPerRow = rowBytes(type, cols);
  const rowCounts = run.maxBindingBytes ? splitRows(rows, bytesPerRow, run.maxBindingBytes) : [weightRows];
  const weightBuffer = uploadBuffer(device, bytes);
  const xBuffer = uploadBuffer(device, x);
  const yBuffer = createStorageBuffer(device, nTokens * rows * 4);
  // The variant follows the device's flags: these pin the one under test whatever the adapter.
  const gpu = { ...ctx, subgroups, cpuAdapter: run.rowPerInvocation === true };
  const kernel = prepareMatmul(
    gpu,
    { type, gateUp },
    {
      weight: partsInBuffer(weightBuffer, rowCounts, bytesPerRow),
      x: xBuffer,
      y: yBuffer,
      ...(biasBuffer && { bias: biasBuffer }),
      cols,
      nTokens,
    },
  );
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  kernel.encode(pass);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const y = await readF32(device, yBuffer, nTokens * rows);
  const weight = dequantizeWeightRef(type, bytes, weightRows, cols);
  const maxWeight = weight.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  const expected = gateUp
    ? swigluRef(
        matmulRef(weight.subarray(0, rows * cols), x, rows, cols, nTokens),
        matmulRef(weight.subarray(rows * cols), x, rows, cols, nTokens),
      )
    : matmulRef(weight, x, rows, cols, nTokens, bias);
  // Dequantization is exact in f32 (same formulas as the reference, up to fma contraction); the error is
  // f32 accumulation in another order, ~ sqrt(cols) ulp of the terms.
  const tolerance = { atol: 2e-6 * Math.sqrt(cols) * maxWeight, rtol: 1e-5 };
  const label = `${type} ${rows}x${cols} tokens ${nTokens} ${subgroups ? 'subgroups' : 'workgroup'} parts ${rowCounts.length}${gateUp ? ' gate-up' : ''}${bias ? ' bias' : ''}${run.rowPerInvocation ? ' row-per-invocation' : ''}`;
  // Gate-up: silu(g) * u moves the error by at most ~(|u| + |g|) times it.
  expectAllClose(y, expected, gateUp ? { atol: tolerance.atol * 8, rtol: 1e-4 } : tolerance, label);
  kernel.destroy();
  for (const buffer of [weightBuffer, xBuffer, yBuffer, biasBuffer]) buffer?.destroy();
}

export default gpuSuite('matmul', (test) => {
  for (const type of weightTypes) {
    test(`${type} mat-vec and matmul`, async (ctx) => {
      const subgroups = ctx.subgroups;
      for (const [rows, cols] of shapesFor(type)) {
        for (const nTokens of [1, 5, 11]) await checkMatmul(ctx, { type, rows, cols, nTokens, subgroups });
      }
    });
  }
  test('workgroup-memory reduction (the no-subgroups fallback, forced)', async (ctx) => {
    for (const type of ['Q4_0', 'F32'] as const) {
      for (const [rows, cols] of shapesFor(type)) {
        for (const nTokens of [1, 11])
          await checkMatmul(ctx, { type, rows, cols, nTokens, subgroups: false });
      }
    }
  });
  test('gate and up fused with SwiGLU', async (ctx) => {
    for (const type of ['Q4_K', 'Q8_0', 'F16'] as const) {
      const [rows, cols] = shapesFor(type).at(-1)!;
      for (const nTokens of [1, 5]) {
        await checkMatmul(ctx, {
          type,
          rows,
          cols,
          nTokens,
          subgroups: ctx.subgroups,
          gateUp: true,
        });
      }
    }
  });
  test('decode with one invocation per row (CPU adapters): every type, bias, gate-up, split weights', async (ctx) => {
    const { subgroups } = ctx;
    const rowPerInvocation = true;
    for (const type of weightTypes) {
      for (const [rows, cols] of shapesFor(type)) {
        await checkMatmul(ctx, { type, rows, cols, nTokens: 1, subgroups, rowPerInvocation });
      }
    }
    const [rows, cols] = shapesFor('Q4_K').at(-1)!;
    await checkMatmul(ctx, { type: 'Q4_K', rows, cols, nTokens: 1, subgroups, rowPerInvocation, bias: true });
    await checkMatmul(ctx, {
      type: 'Q8_0',
      rows: 70,
      cols: 96,
      nTokens: 1,
      subgroups,
      rowPerInvocation,
      gateUp: true,
    });
    const split = { rows: 150, cols: 320, nTokens: 1, subgroups, rowPerInvocation, maxBindingBytes: 16384 };
    await checkMatmul(ctx, { type: 'Q4_0', ...split });
  });
  test('bias added per row (qwen2 Q/K/V), whole and split weights', async (ctx) => {
    const subgroups = ctx.subgroups;
    for (const type of ['Q8_0', 'F32'] as const) {
      const [rows, cols] = shapesFor(type).at(-1)!;
      for (const nTokens of [1, 5])
        await checkMatmul(ctx, { type, rows, cols, nTokens, subgroups, bias: true });
    }
    await checkMatmul(ctx, {
      type: 'F16',
      rows: 150,
      cols: 320,
      nTokens: 3,
      subgroups,
      maxBindingBytes: 16384,
      bias: true,
    });
  });
  test('weight split across bindings (row ranges)', async (ctx) => {
    // Row ranges must start 256-byte aligned: Q4_0 rows (180 bytes) split by 64, F16 (640) by 2, Q6_K (210) by 128.
    const splits = [
      ['Q4_0', 320, 16384],
      ['F16', 320, 16384],
      ['Q6_K', 256, 32768],
    ] as const;
    for (const [type, cols, maxBindingBytes] of splits) {
      for (const nTokens of [1, 3]) {
        await checkMatmul(ctx, {
          type,
          rows: 150,
          cols,
          nTokens,
          subgroups: ctx.subgroups,
          maxBindingBytes,
        });
      }
    }
  });
});
