// KL(P || Q) in nats between a base distribution P and a candidate Q, both given as log-probabilities.

/** Exact KL(P || Q) over the whole vocabulary: sum_i p_i (ln p_i - ln q_i). */
export function klDivergence(baseLogProbs: ArrayLike<number>, candidateLogProbs: ArrayLike<number>): number {
  let kl = 0;
  for (let i = 0; i < baseLogProbs.length; i++) {
    const lp = baseLogProbs[i]!;
    const p = Math.exp(lp);
    if (p > 0) kl += p * (lp - candidateLogProbs[i]!);
  }
  return Math.max(0, kl);
}

/**
 * KL(P || Q) from P's top-K tokens only: the other tokens are merged into one "rest" outcome on both sides,
 * which gives a lower bound on the full KL (coarsening never increases divergence), exact when K = vocab.
 */
export function klDivergenceTopK(
  baseTokens: ArrayLike<number>, // (K) token ids
  baseLogProbs: ArrayLike<number>, // (K) ln p of those tokens
  candidateLogProbs: ArrayLike<number>, // (vocab)
): number {
  let kl = 0;
  let pTop = 0;
  let qTop = 0;
  for (let i = 0; i < baseTokens.length; i++) {
    const lp = baseLogProbs[i]!;
    const lq = candidateLogProbs[baseTokens[i]!]!;
    const p = Math.exp(lp);
    pTop += p;
    qTop += Math.exp(lq);
    if (p > 0) kl += p * (lp - lq);
  }
  const pRest = Math.max(0, 1 - pTop);
  const qRest = Math.max(0, 1 - qTop);
  if (pRest > 1e-12 && qRest > 0) kl += pRest * Math.log(pRest / qRest);
  return Math.max(0, kl);
}
