/** CPU reference: y (rows) = W (rows, cols) · x (cols), accumulated in f64. */
export function matvecF32Ref(
  weight: Float32Array,
  x: Float32Array,
  rows: number,
  cols: number,
): Float32Array {
  const y = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < cols; c++) sum += weight[r * cols + c]! * x[c]!;
    y[r] = sum;
  }
  return y;
}
