/** CPU reference: index of the largest value, lowest index on ties. */
export function argmaxRef(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
