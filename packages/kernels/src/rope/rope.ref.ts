import type { RopeConfig } from './rope.ts';

/** CPU reference RoPE of v (nTokens, nHeads, headDim), token t at position pos0 + t (f64 angles). */
export function ropeRef(v: Float32Array, nHeads: number, config: RopeConfig, pos0: number): Float32Array {
  const { headDim, nRot, neox, freqBase, freqScale } = config;
  const out = v.slice();
  const nTokens = v.length / (nHeads * headDim);
  for (let t = 0; t < nTokens; t++) {
    for (let h = 0; h < nHeads; h++) {
      const base = (t * nHeads + h) * headDim;
      for (let i = 0; i < nRot / 2; i++) {
        const [a, b] = neox ? [i, i + nRot / 2] : [2 * i, 2 * i + 1];
        const theta = (pos0 + t) * freqScale * freqBase ** ((-2 * i) / nRot);
        const x = v[base + a]!;
        const y = v[base + b]!;
        out[base + a] = x * Math.cos(theta) - y * Math.sin(theta);
        out[base + b] = x * Math.sin(theta) + y * Math.cos(theta);
      }
    }
  }
  return out;
}
