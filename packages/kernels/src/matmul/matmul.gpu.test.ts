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
import { prepareMatmulRows, type RowsTile, rowsMatmulFits, rowsTileFor } from './matmul-rows.ts';
import { quantizeXRef } from './quantize-x.ref.ts';
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
  /**
   * As on a CPU adapter: matmul_rows.wgsl where cols % 32 == 0 (int8 x for quantized types), else for decode
   * matvec_rows.wgsl (one invocation per row, rows up to 1024 wide).
   */
  cpuAdapter?: boolean;
  /** matmul_rows.wgsl with this tile, whatever the adapter. */
  tile?: RowsTile;
}

const floatTypes: readonly WeightType[] = ['F32', 'F16', 'BF16'];

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
  const gpu = { ...ctx, subgroups, cpuAdapter: run.cpuAdapter === true };
  const binding = {
    weight: partsInBuffer(weightBuffer, rowCounts, bytesPerRow),
    x: xBuffer,
    y: yBuffer,
    ...(biasBuffer && { bias: biasBuffer }),
    cols,
    nTokens,
  };
  const kernel = run.tile
    ? prepareMatmulRows(gpu, { type, gateUp }, binding, run.tile)
    : prepareMatmul(gpu, { type, gateUp }, binding);
  // The int8 path multiplies by x quantized to blocks of 32: the reference takes the same x.
  const tile = run.tile ?? (run.cpuAdapter && rowsMatmulFits(cols) ? rowsTileFor(rows) : undefined);
  const int8 = tile?.int8 === true && !floatTypes.includes(type);
  const xSeen = int8 ? quantizeXRef(x, cols, nTokens) : x;
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
        matmulRef(weight.subarray(0, rows * cols), xSeen, rows, cols, nTokens),
        matmulRef(weight.subarray(rows * cols), xSeen, rows, cols, nTokens),
      )
    : matmulRef(weight, xSeen, rows, cols, nTokens, bias);
  // Dequantization is exact in f32 (same formulas as the reference, up to fma contraction); the error is
  // f32 accumulation in another order, ~ sqrt(cols) ulp of the terms.
  // int8: scales factored out of integer sums, a few more roundings.
  const tolerance = { atol: (int8 ? 8e-6 : 2e-6) * Math.sqrt(cols) * maxWeight, rtol: int8 ? 4e-5 : 1e-5 };
  const label = `${type} ${rows}x${cols} tokens ${nTokens} ${subgroups ? 'subgroups' : 'workgroup'} parts ${rowCounts.length}${gateUp ? ' gate-up' : ''}${bias ? ' bias' : ''}${run.cpuAdapter ? ' cpu-adapter' : ''}${run.tile ? ` tile ${run.tile.rows}x${run.tile.tokens}/${run.tile.workgroup}${run.tile.int8 ? ' int8' : ''}` : ''}`;
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
  test('CPU adapters (every type: matmul_rows, or one invocation per row): bias, gate-up, split weights', async (ctx) => {
    const { subgroups } = ctx;
    const cpuAdapter = true;
    for (const type of weightTypes) {
      for (const [rows, cols] of shapesFor(type)) {
        for (const nTokens of [1, 11])
          await checkMatmul(ctx, { type, rows, cols, nTokens, subgroups, cpuAdapter });
      }
    }
    const [rows, cols] = shapesFor('Q4_K').at(-1)!;
    for (const nTokens of [1, 5])
      await checkMatmul(ctx, { type: 'Q4_K', rows, cols, nTokens, subgroups, cpuAdapter, bias: true });
    for (const type of ['Q8_0', 'F16'] as const) {
      for (const nTokens of [1, 5])
        await checkMatmul(ctx, { type, rows: 70, cols: 96, nTokens, subgroups, cpuAdapter, gateUp: true });
    }
    const split = { rows: 150, cols: 320, nTokens: 1, subgroups, cpuAdapter, maxBindingBytes: 16384 };
    await checkMatmul(ctx, { type: 'Q4_0', ...split });
    await checkMatmul(ctx, { type: 'F16', ...split, nTokens: 3, bias: true });
  });
  test('matmul_rows tiles (rows x tokens per invocation, workgroup) over odd rows and tokens', async (ctx) => {
    const { subgroups } = ctx;
    const cases: [RowsTile, readonly WeightType[]][] = [
      [{ rows: 1, tokens: 1, workgroup: 1, int8: true }, ['Q6_K', 'Q5_0', 'BF16']],
      [{ rows: 16, tokens: 1, workgroup: 8, int8: true }, ['Q6_K', 'Q5_0', 'BF16']],
      // Token tiles (lab versions; slow to compile on lavapipe, so one type each).
      [{ rows: 3, tokens: 2, workgroup: 4, int8: true }, ['Q5_0']],
      [{ rows: 2, tokens: 2, workgroup: 8, int8: false }, ['Q4_K']],
    ];
    for (const [tile, types] of cases) {
      for (const type of types) {
        const cols = typeLayout(type).blockSize === 256 ? 512 : 96;
        for (const nTokens of [1, 7])
          await checkMatmul(ctx, { type, rows: 37, cols, nTokens, subgroups, tile });
      }
    }
    const tile = { rows: 16, tokens: 1, workgroup: 8, int8: true };
    await checkMatmul(ctx, { type: 'Q4_0', rows: 21, cols: 64, nTokens: 3, subgroups, tile, gateUp: true });
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
