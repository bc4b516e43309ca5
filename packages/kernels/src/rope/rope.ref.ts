import { type RopeConfig, ropeYarnCorrDims } from './rope.ts';

/**
 * CPU reference RoPE of v (nTokens, nHeads, headDim), token t at position pos0 + t (f64 angles), as ggml's
 * rope with rope_yarn: pair i's angle pos * freqBase^(-2i / nRot) / factors[i], scaled by freqScale or, with
 * YaRN, blended with the unscaled angle; cos and sin scaled by the YaRN magnitude.
 */
export function ropeRef(
  v: Float32Array,
  nHeads: number,
  config: RopeConfig,
  pos0: number,
  /** (nRot / 2) frequency factors (absent: 1). */
  factors?: ArrayLike<number>,
): Float32Array {
  const { headDim, nRot, neox, freqBase, freqScale, yarn } = config;
  const [low, high] = yarn ? ropeYarnCorrDims(nRot, yarn, freqBase) : [0, 0];
  const extFactor = yarn?.extFactor ?? 0;
  const mscale =
    (yarn?.attnFactor ?? config.attnFactor ?? 1) * (extFactor !== 0 ? 1 + 0.1 * Math.log(1 / freqScale) : 1);
  const out = v.slice();
  const nTokens = v.length / (nHeads * headDim);
  for (let t = 0; t < nTokens; t++) {
    for (let i = 0; i < nRot / 2; i++) {
      const extrapolated = ((pos0 + t) * freqBase ** ((-2 * i) / nRot)) / (factors?.[i] ?? 1);
      const ramp = 1 - Math.min(1, Math.max(0, (i - low) / Math.max(0.001, high - low)));
      const mix = ramp * extFactor;
      const theta = freqScale * extrapolated * (1 - mix) + extrapolated * mix;
      const [c, s] = [Math.cos(theta) * mscale, Math.sin(theta) * mscale];
      for (let h = 0; h < nHeads; h++) {
        const base = (t * nHeads + h) * headDim;
        const [a, b] = neox ? [base + i, base + i + nRot / 2] : [base + 2 * i, base + 2 * i + 1];
        const x = v[a]!;
        const y = v[b]!;
        out[a] = x * c - y * s;
        out[b] = x * s + y * c;
      }
    }
  }
  return out;
}
