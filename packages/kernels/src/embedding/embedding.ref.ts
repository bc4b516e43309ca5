/** CPU reference: rows `ids` of a dequantized (vocab, cols) table, times `scale` (rounded to f32 as the GPU's). */
export function embeddingRef(table: Float32Array, ids: Uint32Array, cols: number, scale = 1): Float32Array {
  const out = new Float32Array(ids.length * cols);
  const factor = Math.fround(scale);
  ids.forEach((id, t) => {
    const row = table.subarray(id * cols, (id + 1) * cols);
    out.set(factor === 1 ? row : row.map((x) => x * factor), t * cols);
  });
  return out;
}
