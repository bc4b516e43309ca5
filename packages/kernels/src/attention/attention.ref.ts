/**
 * CPU reference causal GQA attention in f64: q (nTokens, nHead, headDim) over caches (nHeadKv, maxSeq,
 * headDim) holding positions [0, pos0 + nTokens); token t sees positions <= pos0 + t.
 */
export function attentionRef(
  q: Float32Array,
  kCache: Float32Array,
  vCache: Float32Array,
  dims: { nHead: number; nHeadKv: number; headDim: number; maxSeq: number; nTokens: number; pos0: number },
): Float32Array {
  const { nHead, nHeadKv, headDim, maxSeq, nTokens, pos0 } = dims;
  const out = new Float32Array(nTokens * nHead * headDim);
  const scale = 1 / Math.sqrt(headDim);
  for (let t = 0; t < nTokens; t++) {
    for (let h = 0; h < nHead; h++) {
      const kvHead = Math.floor(h / (nHead / nHeadKv));
      const qBase = (t * nHead + h) * headDim;
      const visible = pos0 + t + 1;
      const scores = new Float64Array(visible);
      let max = Number.NEGATIVE_INFINITY;
      for (let p = 0; p < visible; p++) {
        let s = 0;
        for (let d = 0; d < headDim; d++) s += q[qBase + d]! * kCache[(kvHead * maxSeq + p) * headDim + d]!;
        scores[p] = s * scale;
        max = Math.max(max, scores[p]!);
      }
      let sum = 0;
      for (let p = 0; p < visible; p++) {
        scores[p] = Math.exp(scores[p]! - max);
        sum += scores[p]!;
      }
      for (let d = 0; d < headDim; d++) {
        let o = 0;
        for (let p = 0; p < visible; p++) o += scores[p]! * vCache[(kvHead * maxSeq + p) * headDim + d]!;
        out[qBase + d] = o / sum;
      }
    }
  }
  return out;
}
