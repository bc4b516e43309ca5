import { type BoundKernel, boundKernel } from '../common/bound-kernel.ts';
import type { KernelDevice } from '../common/kernel-device.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';
import { bindMatmulParts } from './matmul-parts.ts';
import { prepareMatmulRows, rowsMatmulFits, rowsTileFor } from './matmul-rows.ts';
import type { WeightPart } from './weight-parts.ts';
import type { WeightType } from './weight-types.ts';

const WG = 64;
/** Tokens per workgroup for prefill: each dequantized weight unit is reused this many times. */
const PREFILL_TILE_M = 8;
/**
 * Weight rows per workgroup for decode: one reduction and one x load serve them all. On lavapipe, 8 rows
 * ran 2-4x faster than 1 (fewer workgroups and loads); prefill keeps 1 (its x tile is the reuse).
 */
const DECODE_ROWS = 8;
/**
 * Widest rows (elements) the CPU adapters' decode mat-vec takes one invocation per row for, when
 * matmul_rows.wgsl does not fit (cols % 32 != 0). Measured per mat-vec, cooperative vs row-per-invocation:
 * 64-wide rows 2-11x faster on both adapters; at 512-1024 even on lavapipe, 1.3-1.8x faster on SwiftShader;
 * at 2048, 2x slower on lavapipe.
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
  /** 1 for decode (mat-vec); prefill tiles tokens. */
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
 * y = x W^T with W read in its GGUF block layout (f32 accumulation). Returns a reusable dispatch: params,
 * bind groups and any scratch are made here, once. The variant follows the device and the shape:
 * - CPU adapters, rows of whole 32-element units (every real model): matmul_rows.wgsl, a register tile of
 *   rows per invocation with no reduction, f32 x as the CPU reference has it (lavapipe: decode about 3x the
 *   previous mat-vec, bench/kernels), prefill the same once per token;
 * - CPU adapters, other decode shapes up to ROW_MATVEC_MAX_COLS wide: one invocation per row
 *   (matvec_rows.wgsl);
 * - otherwise the cooperative kernel (matmul.wgsl), with subgroup reductions where the device has them.
 */
export function prepareMatmul(
  gpu: KernelDevice,
  options: MatmulOptions,
  binding: MatmulBinding,
): BoundKernel {
  const { device } = gpu;
  const { cols, nTokens } = binding;
  const tileM = nTokens === 1 ? 1 : PREFILL_TILE_M;
  if (options.gateUp && binding.weight.length !== 1) throw new Error('gate-up weights must fit one binding');
  if (options.gateUp && binding.bias) throw new Error('gate-up has no bias');
  if (gpu.cpuAdapter && rowsMatmulFits(cols)) {
    const rows = binding.weight.reduce((n, part) => n + part.rows, 0) / (options.gateUp ? 2 : 1);
    return prepareMatmulRows(gpu, options, binding, rowsTileFor(rows));
  }
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
