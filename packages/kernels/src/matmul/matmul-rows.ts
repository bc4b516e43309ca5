// The CPU adapters' matmul (matmul_rows.wgsl): one invocation per tile of weight rows x tokens, int8 x for
// quantized weights. Picked by prepareMatmul; exported with its tile for the kernel lab and the tests.
import { type BoundKernel, boundKernel } from '../common/bound-kernel.ts';
import type { KernelDevice } from '../common/kernel-device.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';
import type { MatmulBinding, MatmulOptions } from './matmul.ts';
import { bindMatmulParts } from './matmul-parts.ts';
import { prepareQuantizeX } from './quantize-x.ts';
import type { WeightType } from './weight-types.ts';

export interface RowsTile {
  /** Weight rows per invocation. */
  rows: number;
  /** Tokens per invocation (1 for decode). */
  tokens: number;
  /** Invocations per workgroup. */
  workgroup: number;
  /** Quantized weights against int8 x (dot4I8Packed); else dequantized to f32 against f32 x. */
  int8: boolean;
}

const floatTypes: readonly WeightType[] = ['F32', 'F16', 'BF16'];

/** The shapes matmul_rows.wgsl takes: whole 32-element units per row. */
export function rowsMatmulFits(cols: number): boolean {
  return cols % 32 === 0;
}

/**
 * Tile for a CPU adapter, from bench/kernels on lavapipe (2026-12-02, load 7-12 on 2 cores, ratios in one
 * run): 8-16 rows per invocation share each x load (about 3x the previous mat-vec); workgroups of 8 (the SIMD
 * width) leave enough workgroups for every core. Prefill runs the same pipeline once per token: tiles of 8
 * tokens ran 2x faster again but took lavapipe 10-50 s to compile per type at first dispatch (bench/kernels/
 * matmul, v2). The engine keeps x in f32: int8 x (another 2x in the lab) rounds activations as llama.cpp
 * does, and the GPU would no longer equal the CPU reference it is tested against; it stays a lab version
 * until the reference can model it.
 */
export function rowsTileFor(rows: number): RowsTile {
  return { rows: rows >= 4096 ? 16 : 8, tokens: 1, workgroup: 8, int8: false };
}

export function prepareMatmulRows(
  gpu: KernelDevice,
  options: MatmulOptions,
  binding: MatmulBinding,
  tile: RowsTile,
): BoundKernel {
  const { device } = gpu;
  const { type } = options;
  if (!rowsMatmulFits(binding.cols)) throw new Error(`matmul_rows needs cols % 32 == 0, got ${binding.cols}`);
  const int8 = tile.int8 && !floatTypes.includes(type);
  const gateUp = options.gateUp === true;
  const bias = binding.bias !== undefined;
  const key = `matmul_rows:${type}${int8 ? ':int8' : ''}:r${tile.rows}:t${tile.tokens}:wg${tile.workgroup}${gateUp ? ':gate_up' : ''}${bias ? ':bias' : ''}`;
  const pipeline = cachedPipeline(device, key, () =>
    shaderSource(wgsl.matmul_rows, {
      constants: { WG: tile.workgroup, R: tile.rows, T: tile.tokens, HALVES: gateUp ? 2 : 1 },
      replace: int8 ? { qunit_WEIGHT_TYPE: `qunit_${type}` } : { dequant_WEIGHT_TYPE: `dequant_${type}` },
      flags: { INT8: int8, GATE_UP: gateUp, BIAS: bias },
    }),
  );
  const quantized = int8 ? prepareQuantizeX(gpu, binding.x, binding.cols, binding.nTokens) : undefined;
  const { dispatches, owned } = bindMatmulParts(device, pipeline, options, binding, {
    rowsPerGroup: tile.rows * tile.workgroup,
    tokensPerGroup: tile.tokens,
    ...(quantized && { quantizedX: quantized.resources }),
  });
  return quantized
    ? boundKernel([quantized.dispatch, ...dispatches], [...quantized.owned, ...owned])
    : boundKernel(dispatches, owned);
}
