/**
 * CPU reference causal GQA attention in f64: q (nTokens, nHead, headDim) over caches (nHeadKv, maxSeq, headDim),
 * rings of maxSeq slots holding position p at slot p % maxSeq; token t sees positions <= pos0 + t, only the
 * last `window` of them when given. `softcap` caps the scaled scores (softcap * tanh(s / softcap)).
 */
export function attentionRef(
  q: Float32Array,
  kCache: Float32Array,
  vCache: Float32Array,
  dims: {
    nHead: number;
    nHeadKv: number;
    headDim: number;
    maxSeq: number;
    nTokens: number;
    pos0: number;
    window?: number | undefined;
    softcap?: number | undefined;
    /** Default 1 / sqrt(headDim). */
    scale?: number | undefined;
  },
): Float32Array {
  const { nHead, nHeadKv, headDim, maxSeq, nTokens, pos0, window, softcap } = dims;
  const out = new Float32Array(nTokens * nHead * headDim);
  const scale = dims.scale ?? 1 / Math.sqrt(headDim);
  for (let t = 0; t < nTokens; t++) {
    const limit = pos0 + t + 1;
    const first = window === undefined ? 0 : Math.max(0, limit - window);
    for (let h = 0; h < nHead; h++) {
      const kvHead = Math.floor(h / (nHead / nHeadKv));
      const qBase = (t * nHead + h) * headDim;
      const at = (p: number) => (kvHead * maxSeq + (p % maxSeq)) * headDim;
      const scores = new Float64Array(limit - first);
      let max = Number.NEGATIVE_INFINITY;
      for (let p = first; p < limit; p++) {
        let s = 0;
        for (let d = 0; d < headDim; d++) s += q[qBase + d]! * kCache[at(p) + d]!;
        s *= scale;
        if (softcap) s = softcap * Math.tanh(s / softcap);
        scores[p - first] = s;
        max = Math.max(max, s);
      }
      let sum = 0;
      for (let i = 0; i < scores.length; i++) {
        scores[i] = Math.exp(scores[i]! - max);
        sum += scores[i]!;
      }
      for (let d = 0; d < headDim; d++) {
        let o = 0;
        for (let p = first; p < limit; p++) o += scores[p - first]! * vCache[at(p) + d]!;
        out[qBase + d] = o / sum;
      }
    }
  }
  return out;
}
