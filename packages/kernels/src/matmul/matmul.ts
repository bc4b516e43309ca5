import { type BoundKernel, bindGroup, boundKernel, type Dispatch, grid2d } from '../common/bound-kernel.ts';
import type { KernelDevice } from '../common/kernel-device.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';
import type { WeightPart } from './weight-parts.ts';
import { rowBytes, type WeightType } from './weight-types.ts';

export const matmulParams = defineParams('MatmulParams', [
  ['rows', 'u32'],
  ['cols', 'u32'],
  ['row_bytes', 'u32'],
  ['y_offset', 'u32'],
  ['n_tokens', 'u32'],
  ['x_stride', 'u32'],
  ['y_stride', 'u32'],
] as const);

const WG = 64;
/** Tokens per workgroup for prefill: each dequantized weight unit is reused this many times. */
const PREFILL_TILE_M = 8;
/**
 * Weight rows per workgroup for decode: one reduction and one x load serve them all. On lavapipe, 8 rows
 * ran 2-4x faster than 1 (fewer workgroups and loads); prefill keeps 1 (its x tile is the reuse).
 */
const DECODE_ROWS = 8;
/**
 * Widest rows (elements) the CPU adapters' decode mat-vec takes one invocation per row for. Measured per
 * mat-vec, cooperative vs row-per-invocation: stories260K's 64-wide rows 2-11x faster on both adapters (decode
 * 26 -> 7 ms/token on lavapipe, 265 -> 46 on SwiftShader); at 512-1024 even on lavapipe, 1.3-1.8x faster on
 * SwiftShader; at 2048, 2x slower on lavapipe.
 */
const ROW_MATVEC_MAX_COLS = 1024;

export interface MatmulOptions {
  type: WeightType;
  /**
   * FFN gate and up fused with SwiGLU: the weight holds the gate rows then the up rows (2 * rows in one
   * binding) and y = silu(x gate^T) * (x up^T), (nTokens, rows).
   */
  gateUp?: boolean;
}

export interface MatmulBinding {
  /** The weight (rows, cols) in GGUF layout, as one or more row ranges (see splitRows). */
  weight: readonly WeightPart[];
  x: GPUBuffer; // (nTokens, cols) f32
  y: GPUBuffer; // (nTokens, rows) f32
  /** Added to every token's output (qwen2's Q/K/V); not with gateUp. */
  bias?: GPUBuffer; // (rows) f32
  cols: number;
  /** 1 for decode (mat-vec); prefill tiles tokens by 8. */
  nTokens: number;
}

/**
 * One pipeline per (type, tokens and rows per workgroup, reduction, x as vec4, fusion), e.g.
 * "matmul:Q4_0:m1:r8:sg:v4". xVec4: rows of x are whole vec4s (cols % 4 == 0), read with one load each.
 */
function matmulPipeline(
  device: GPUDevice,
  options: MatmulOptions,
  subgroups: boolean,
  tileM: number,
  rowsPerGroup: number,
  xVec4: boolean,
  bias: boolean,
): GPUComputePipeline {
  const gateUp = options.gateUp === true;
  const sumN = rowsPerGroup * tileM * (gateUp ? 2 : 1);
  const key = `matmul:${options.type}:m${tileM}:r${rowsPerGroup}:${subgroups ? 'sg' : 'wg'}${xVec4 ? ':v4' : ''}${gateUp ? ':gate_up' : ''}${bias ? ':bias' : ''}`;
  return cachedPipeline(device, key, () =>
    shaderSource(wgsl.matmul, {
      enables: subgroups ? ['subgroups'] : [],
      constants: { WG, ROWS: rowsPerGroup, TILE_M: tileM, SUM_N: sumN },
      replace: { dequant_WEIGHT_TYPE: `dequant_${options.type}` },
      flags: { SUBGROUPS: subgroups, GATE_UP: gateUp, X_VEC4: xVec4, BIAS: bias },
    }),
  );
}

/** Rows per workgroup of the row-per-invocation mat-vec (one invocation each). */
const ROW_INVOCATIONS = 64;

function matvecRowsPipeline(device: GPUDevice, options: MatmulOptions, bias: boolean): GPUComputePipeline {
  const gateUp = options.gateUp === true;
  const key = `matvec_rows:${options.type}${gateUp ? ':gate_up' : ''}${bias ? ':bias' : ''}`;
  return cachedPipeline(device, key, () =>
    shaderSource(wgsl.matvec_rows, {
      constants: { WG: ROW_INVOCATIONS },
      replace: { dequant_WEIGHT_TYPE: `dequant_${options.type}` },
      flags: { GATE_UP: gateUp, BIAS: bias },
    }),
  );
}

/**
 * y = x W^T with W read in its GGUF block layout and dequantized in registers (f32 accumulation).
 * Returns a reusable dispatch: params and bind groups are made here, once. The variant follows the device
 * and the shape: decode on a CPU adapter over rows up to ROW_MATVEC_MAX_COLS wide takes one invocation per
 * row (matvec_rows.wgsl, no reduction: several times faster there); otherwise the cooperative kernel, with
 * subgroup reductions where the device has them.
 */
export function prepareMatmul(
  gpu: KernelDevice,
  options: MatmulOptions,
  binding: MatmulBinding,
): BoundKernel {
  const { device } = gpu;
  const { type } = options;
  const { cols, nTokens } = binding;
  const bytesPerRow = rowBytes(type, cols);
  const tileM = nTokens === 1 ? 1 : PREFILL_TILE_M;
  const halves = options.gateUp ? 2 : 1; // gate-up parts hold both halves
  if (options.gateUp && binding.weight.length !== 1) throw new Error('gate-up weights must fit one binding');
  if (options.gateUp && binding.bias) throw new Error('gate-up has no bias');
  // Subgroups only: with the workgroup-memory tree, 8 rows made the forced-fallback test time out on
  // lavapipe (over 300 s against 53 s), not yet understood.
  const rowPerInvocation = nTokens === 1 && gpu.cpuAdapter && cols <= ROW_MATVEC_MAX_COLS;
  const rowsPerGroup = rowPerInvocation ? ROW_INVOCATIONS : nTokens === 1 && gpu.subgroups ? DECODE_ROWS : 1;
  const pipeline = rowPerInvocation
    ? matvecRowsPipeline(device, options, !!binding.bias)
    : matmulPipeline(device, options, gpu.subgroups, tileM, rowsPerGroup, cols % 4 === 0, !!binding.bias);
  const { dispatches, owned } = bindMatmulParts(device, pipeline, options, binding, {
    rowsPerGroup,
    tokensPerGroup: tileM,
  });
  return boundKernel(dispatches, owned);
}

export interface PartGrid {
  /** Weight rows per workgroup (x and y of the grid). */
  rowsPerGroup: number;
  /** Tokens per workgroup (z of the grid). */
  tokensPerGroup: number;
  /** The int8 kernels' x (bindings 5 and 6, see quantize-x.ts) in place of the f32 x (binding 2). */
  quantizedX?: readonly GPUBindingResource[];
}

/**
 * One dispatch per weight part: its MatmulParams, its bind group (params, weight range, x, y, bias, int8 x)
 * and its grid. Shared by every matmul kernel variant (and the kernel lab's versions).
 */
export function bindMatmulParts(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  options: MatmulOptions,
  binding: MatmulBinding,
  grid: PartGrid,
): { dispatches: Dispatch[]; owned: GPUBuffer[] } {
  const { type } = options;
  const { cols, nTokens } = binding;
  const bytesPerRow = rowBytes(type, cols);
  const halves = options.gateUp ? 2 : 1; // gate-up parts hold both halves
  const totalRows = binding.weight.reduce((n, part) => n + part.rows, 0);
  const dispatches: Dispatch[] = [];
  const owned: GPUBuffer[] = [];
  let yOffset = 0;
  for (const part of binding.weight) {
    const rows = part.rows / halves;
    const params = createParamsBuffer(device, matmulParams, {
      rows,
      cols,
      row_bytes: bytesPerRow,
      y_offset: yOffset,
      n_tokens: nTokens,
      x_stride: cols,
      y_stride: totalRows / halves,
    });
    owned.push(params);
    // Storage bindings are whole words; the last row may end mid-word.
    const size = Math.min(Math.ceil((part.rows * bytesPerRow) / 4) * 4, part.buffer.size - part.byteOffset);
    const group = bindGroup(
      device,
      pipeline,
      [
        { buffer: params },
        { buffer: part.buffer, offset: part.byteOffset, size },
        grid.quantizedX ? undefined : { buffer: binding.x },
        { buffer: binding.y },
        binding.bias && { buffer: binding.bias },
        ...(grid.quantizedX ?? []),
      ],
      `matmul:${type}`,
    );
    const [gx, gy] = grid2d(Math.ceil(rows / grid.rowsPerGroup));
    dispatches.push({
      pipeline,
      bindGroup: group,
      workgroups: [gx, gy, Math.ceil(nTokens / grid.tokensPerGroup)],
    });
    yOffset += rows;
  }
  return { dispatches, owned };
}
