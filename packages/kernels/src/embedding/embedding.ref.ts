/** CPU reference: rows `ids` of a dequantized (vocab, cols) table. */
export function embeddingRef(table: Float32Array, ids: Uint32Array, cols: number): Float32Array {
  const out = new Float32Array(ids.length * cols);
  ids.forEach((id, t) => {
    out.set(table.subarray(id * cols, (id + 1) * cols), t * cols);
  });
  return out;
}
