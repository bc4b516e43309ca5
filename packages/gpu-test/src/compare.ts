// Tolerance checks that explain themselves when they fail.

export interface Tolerance {
  /** Absolute error allowed. */
  atol: number;
  /** Error allowed relative to |expected|. */
  rtol: number;
}

/** Throws unless |actual - expected| <= atol + rtol * |expected| everywhere (and no NaN sneaks in). */
export function expectAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tolerance: Tolerance,
  label: string,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: length ${actual.length} != expected ${expected.length}`);
  }
  let worst = -1;
  let worstExcess = 0;
  let failures = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    const allowed = tolerance.atol + tolerance.rtol * Math.abs(e);
    const error = Math.abs(a - e);
    if (!(error <= allowed)) {
      failures++;
      const excess = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error - allowed;
      if (worst < 0 || excess > worstExcess) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (failures > 0) {
    throw new Error(
      `${label}: ${failures}/${expected.length} values out of tolerance (atol ${tolerance.atol}, rtol ${tolerance.rtol}); ` +
        `worst at [${worst}]: got ${actual[worst]}, expected ${expected[worst]}`,
    );
  }
}

export function randomF32(length: number, random: () => number, scale = 1): Float32Array {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = (random() * 2 - 1) * scale;
  return out;
}
