/** CPU reference: ids of the k largest values, descending, lowest id first on ties. */
export function topKRef(values: Float32Array, k: number): number[] {
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
  return order.slice(0, k);
}
