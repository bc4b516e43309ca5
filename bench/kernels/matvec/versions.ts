// Decode mat-vec (nTokens = 1) versions. v1: the runtime's kernel when the lab started (2026-12-02),
// still in shaders/ (the GPU path and odd shapes), so v1 runs it from there.
import { shaderSource } from '../../../packages/kernels/src/common/shader-source.ts';
import { wgsl } from '../../../packages/kernels/src/generated/shaders.ts';
import {
  type KernelDevice,
  type MatmulBinding,
  type MatmulOptions,
  rowBytes,
} from '../../../packages/kernels/src/index.ts';
import { prepareMatmulRows, rowsMatmulFits } from '../../../packages/kernels/src/matmul/matmul-rows.ts';
import { labShaderAt } from '../lab-shader.ts';
import { type KernelVersion, labKernel } from '../version.ts';

const v2 = labShaderAt(import.meta.url, 'v2.wgsl');
const v4 = labShaderAt(import.meta.url, 'v4.wgsl');
const v3 = labShaderAt(import.meta.url, 'v3.wgsl');

export const matvecVersions: readonly KernelVersion[] = [
  {
    name: 'v1',
    note: 'CPU adapters: one invocation per row up to 1024 wide, else 64 invocations over 8 rows (subgroupAdd)',
    tolerance: 1e-4,
    prepare(gpu, options, binding) {
      const dequant = { dequant_WEIGHT_TYPE: `dequant_${options.type}` };
      if (gpu.cpuAdapter && binding.cols <= 1024) {
        return labKernel(
          gpu,
          `matvec-v1-rows:${options.type}`,
          () =>
            shaderSource(wgsl.matvec_rows, {
              constants: { WG: 64 },
              replace: dequant,
              flags: { GATE_UP: false, BIAS: false },
            }),
          options,
          binding,
          { rowsPerGroup: 64, tokensPerGroup: 1 },
        );
      }
      const rows = gpu.subgroups ? 8 : 1;
      return labKernel(
        gpu,
        `matvec-v1:${options.type}:${gpu.subgroups}`,
        () =>
          shaderSource(wgsl.matmul, {
            enables: gpu.subgroups ? ['subgroups'] : [],
            constants: { WG: 64, ROWS: rows, TILE_M: 1, SUM_N: rows },
            replace: dequant,
            flags: { SUBGROUPS: gpu.subgroups, GATE_UP: false, X_VEC4: binding.cols % 4 === 0, BIAS: false },
          }),
        options,
        binding,
        { rowsPerGroup: rows, tokensPerGroup: 1 },
      );
    },
  },
  {
    name: 'v2',
    note: 'one invocation per row at every width; Q4_0, Q8_0, F16 walk aligned word runs at constant shifts',
    tolerance: 1e-4,
    prepare(gpu, options, binding) {
      const { type } = options;
      const special = ['Q4_0', 'Q8_0', 'F16'].includes(type);
      const bytes = rowBytes(type, binding.cols);
      if (!gpu.cpuAdapter || bytes % 4 !== 0 || (special && type !== 'F16' && binding.cols % 64 !== 0))
        return undefined;
      return labKernel(
        gpu,
        `matvec-v2:${type}`,
        () =>
          shaderSource(v2, {
            constants: { WG: 64 },
            replace: {
              dequant_WEIGHT_TYPE: `dequant_${type}`,
              ROW_DOT: special ? `row_${type}` : 'row_units',
            },
          }),
        options,
        binding,
        { rowsPerGroup: 64, tokensPerGroup: 1 },
      );
    },
  },
  ...[8].map((R) => ({
    name: `v3r${R}`,
    note: `v2 Q4_0 with ${R} rows per invocation`,
    tolerance: 1e-4,
    prepare(gpu: KernelDevice, options: MatmulOptions, binding: MatmulBinding) {
      if (options.type !== 'Q4_0' || binding.cols % 64 !== 0) return undefined;
      return labKernel(
        gpu,
        `matvec-v3:${R}`,
        () => shaderSource(v3, { constants: { WG: 64, R } }),
        options,
        binding,
        {
          rowsPerGroup: 64 * R,
          tokensPerGroup: 1,
        },
      );
    },
  })),
  ...[16].map((R) => ({
    name: `v4r${R}`,
    note: `v3 Q4_0 against int8 x (dot4I8Packed), ${R} rows per invocation`,
    tolerance: 2e-2,
    prepare(gpu: KernelDevice, options: MatmulOptions, binding: MatmulBinding) {
      if (options.type !== 'Q4_0' || binding.cols % 64 !== 0) return undefined;
      return labKernel(
        gpu,
        `matvec-v4:${R}`,
        () => shaderSource(v4, { constants: { WG: 64, R } }),
        options,
        binding,
        { rowsPerGroup: 64 * R, tokensPerGroup: 1 },
        true,
      );
    },
  })),
  ...[
    [8, 8],
    [16, 8],
  ].map(([R, WG]) => ({
    name: `v5r${R}`,
    note: `shaders/matmul_rows.wgsl: every type, int8 x for quants, ${R} rows per invocation, workgroups of ${WG}`,
    tolerance: 2e-2,
    prepare(gpu: KernelDevice, options: MatmulOptions, binding: MatmulBinding) {
      if (!rowsMatmulFits(binding.cols)) return undefined;
      return prepareMatmulRows(gpu, options, binding, { rows: R!, tokens: 1, workgroup: WG!, int8: true });
    },
  })),
];
