/** A numeric flag's value, or `fallback` when the flag is absent; anything but a finite number is refused. */
export function numberFlag(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} expects a number, got '${value}'`);
  return n;
}
