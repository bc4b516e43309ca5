// What every matmul variant binds per weight part: the params struct (MatmulParams in each matmul WGSL
// file), the weight range, x, y, bias and the int8 path's quantized x; and the grid over rows and tokens.
import { bindGroup, type Dispatch, grid2d } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import type { MatmulBinding, MatmulOptions } from './matmul.ts';
import { partBinding } from './weight-parts.ts';
import { rowBytes } from './weight-types.ts';

export const matmulParams = defineParams('MatmulParams', [
  ['rows', 'u32'],
  ['cols', 'u32'],
  ['row_bytes', 'u32'],
  ['y_offset', 'u32'],
  ['n_tokens', 'u32'],
  ['x_stride', 'u32'],
  ['y_stride', 'u32'],
] as const);

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
    const group = bindGroup(
      device,
      pipeline,
      [
        { buffer: params },
        partBinding(part, bytesPerRow),
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
