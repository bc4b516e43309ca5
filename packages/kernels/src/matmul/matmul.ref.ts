import { dequantize, GgmlType } from '@wgllm/gguf';
import type { WeightType } from './weight-types.ts';

/** CPU reference: the (rows, cols) weight as f32, by @wgllm/gguf's dequantize (ggml's dequantize_row_*). */
export function dequantizeWeightRef(
  type: WeightType,
  bytes: Uint8Array,
  rows: number,
  cols: number,
): Float32Array {
  return dequantize(GgmlType[type], bytes, rows * cols);
}

/** CPU reference: y (nTokens, rows) = x (nTokens, cols) W^T (+ bias (rows)), accumulated in f64. */
export function matmulRef(
  weight: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
  nTokens: number,
  bias?: Float32Array,
): Float32Array {
  const y = new Float32Array(nTokens * rows);
  for (let t = 0; t < nTokens; t++) {
    for (let r = 0; r < rows; r++) {
      let sum = bias?.[r] ?? 0;
      for (let c = 0; c < cols; c++) sum += weight[r * cols + c]! * x[t * cols + c]!;
      y[t * rows + r] = sum;
    }
  }
  return y;
}
