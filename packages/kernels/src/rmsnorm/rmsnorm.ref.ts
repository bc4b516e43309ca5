/**
 * CPU reference: h = residual + xScale * x (or x), out = h / sqrt(mean(h^2) + eps) * weight per token; returns
 * (h, out).
 */
export function rmsNormRef(
  x: Float32Array,
  residual: Float32Array | undefined,
  weight: Float32Array,
  dim: number,
  eps: number,
  xScale = 1,
): { h: Float32Array; out: Float32Array } {
  const h = new Float32Array(x.length);
  const out = new Float32Array(x.length);
  for (let t = 0; t < x.length / dim; t++) {
    let squares = 0;
    for (let i = 0; i < dim; i++) {
      const v = residual ? residual[t * dim + i]! + xScale * x[t * dim + i]! : x[t * dim + i]!;
      h[t * dim + i] = v;
      squares += v * v;
    }
    const scale = 1 / Math.sqrt(squares / dim + eps);
    for (let i = 0; i < dim; i++) out[t * dim + i] = h[t * dim + i]! * scale * weight[i]!;
  }
  return { h, out };
}
