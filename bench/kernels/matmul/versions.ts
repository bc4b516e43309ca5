// Prefill matmul (nTokens > 1) versions. v1: the runtime's kernel when the lab started (2026-12-02).
import { shaderSource } from '../../../packages/kernels/src/common/shader-source.ts';
import { labShaderAt } from '../lab-shader.ts';
import { type KernelVersion, labKernel } from '../version.ts';

const v1 = labShaderAt(import.meta.url, 'v1.wgsl');

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
          shaderSource(v1, {
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
];
