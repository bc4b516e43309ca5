// Prefill matmul (nTokens > 1) versions. v1: the runtime's kernel when the lab started (2026-12-02),
// still in shaders/ (the GPU path and odd shapes), so v1 runs it from there.
import { shaderSource } from '../../../packages/kernels/src/common/shader-source.ts';
import { wgsl } from '../../../packages/kernels/src/generated/shaders.ts';
import type { KernelDevice, MatmulBinding, MatmulOptions } from '../../../packages/kernels/src/index.ts';
import { prepareMatmulRows, rowsMatmulFits } from '../../../packages/kernels/src/matmul/matmul-rows.ts';
import { labShaderAt } from '../lab-shader.ts';
import { type KernelVersion, labKernel } from '../version.ts';

const v3 = labShaderAt(import.meta.url, 'v3.wgsl');

export const matmulVersions: readonly KernelVersion[] = [
  {
    name: 'v1',
    note: 'one weight row and 8 tokens per workgroup of 64, units dequantized in registers, no shared memory',
    tolerance: 1e-4,
    prepare(gpu, options, binding) {
      return labKernel(
        gpu,
        `matmul-v1:${options.type}:${gpu.subgroups}`,
        () =>
          shaderSource(wgsl.matmul, {
            enables: gpu.subgroups ? ['subgroups'] : [],
            constants: { WG: 64, ROWS: 1, TILE_M: 8, SUM_N: 8 },
            replace: { dequant_WEIGHT_TYPE: `dequant_${options.type}` },
            flags: { SUBGROUPS: gpu.subgroups, GATE_UP: false, X_VEC4: binding.cols % 4 === 0, BIAS: false },
          }),
        options,
        binding,
        { rowsPerGroup: 1, tokensPerGroup: 8 },
      );
    },
  },
  ...(
    [
      [4, 8, true],
      [4, 8, false],
      [8, 1, true],
      [16, 1, true],
    ] as const
  ).map(([R, T, int8]) => ({
    name: `v2r${R}t${T}${int8 ? 'i8' : 'f32'}`,
    note: `shaders/matmul_rows.wgsl: register tile of ${R} rows x ${T} tokens per invocation, ${int8 ? 'int8 x (dot4I8Packed)' : 'units dequantized to f32'}`,
    tolerance: 2e-2,
    prepare(gpu: KernelDevice, options: MatmulOptions, binding: MatmulBinding) {
      if (!rowsMatmulFits(binding.cols)) return undefined;
      return prepareMatmulRows(gpu, options, binding, { rows: R, tokens: T, workgroup: 8, int8 });
    },
  })),
  ...(
    [
      [8, 8],
      [16, 8],
      [8, 64],
      [16, 64],
    ] as const
  ).map(([R, WG]) => ({
    name: `v3r${R}w${WG}`,
    note: `v3.wgsl: tokens as SIMD lanes (${WG} per workgroup) sharing ${R} rows: uniform weight loads and unpacks`,
    tolerance: 1e-4,
    prepare(gpu: KernelDevice, options: MatmulOptions, binding: MatmulBinding) {
      if (binding.cols % 32 !== 0 || options.gateUp) return undefined;
      return labKernel(
        gpu,
        `matmul-v3:${options.type}:r${R}:w${WG}`,
        () =>
          shaderSource(v3, {
            constants: { WG, R },
            replace: { dequant_WEIGHT_TYPE: `dequant_${options.type}` },
          }),
        options,
        binding,
        { rowsPerGroup: R, tokensPerGroup: WG },
      );
    },
  })),
];
