// llama.cpp's scores through node-llama-cpp (prebuilt CPU binary, never built or downloaded), with
// llama-perplexity's windowing reproduced on the low-level API: [BOS] + tokenize(text) (no special-token
// parsing) cut into floor(n / ctx) chunks, BOS in place of each chunk's first token, an empty KV cache per chunk,
// and the next-token distribution read at positions ctx/2 .. ctx-2 of each chunk.
import { cpuLlama } from '@wgllm/oracle';
import type { Token } from 'node-llama-cpp';

export interface LlamaCppScores {
  ctx: number;
  /** [BOS] + the text's tokens, as llama.cpp tokenized them. */
  tokens: number[];
  windows: number;
  /** Per scored position: ln p of the token that followed. */
  targetLogProbs: number[];
  /** Per scored position, when asked for: ln p (vocab) of every token (p clamped at 1e-45, f32's smallest). */
  logProbs: Float64Array[];
}

export interface LlamaCppPerplexity {
  ctx: number;
  tokens: number[];
  windows: number;
  scoredTokens: number;
  /** Mean negative log-likelihood (nats) of the scored tokens. */
  meanNll: number;
  perplexity: number;
}

export async function llamaCppScores(
  modelPath: string,
  text: string,
  ctx: number,
  keepDistributions = false,
): Promise<LlamaCppScores> {
  const model = await (await cpuLlama()).loadModel({ modelPath, gpuLayers: 0 });
  try {
    const bos = model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
    const tokens: number[] = [...(bos === null ? [] : [bos]), ...model.tokenize(text, false)];
    const context = await model.createContext({ contextSize: ctx, batchSize: ctx, threads: 1 });
    try {
      const sequence = context.getSequence();
      const first = Math.floor(ctx / 2);
      const windows = Math.floor(tokens.length / ctx);
      const scores: LlamaCppScores = { ctx, tokens, windows, targetLogProbs: [], logProbs: [] };
      for (let w = 0; w < windows; w++) {
        const window = tokens.slice(w * ctx, (w + 1) * ctx);
        if (bos !== null) window[0] = bos;
        await sequence.clearHistory();
        const input: Parameters<typeof sequence.controlledEvaluate>[0] = window
          .slice(0, ctx - 1)
          .map((token, pos) =>
            pos >= first ? [token as Token, { generateNext: { probabilities: true } }] : (token as Token),
          );
        const outputs = await sequence.controlledEvaluate(input);
        for (let pos = first; pos <= ctx - 2; pos++) {
          const probabilities = outputs[pos]?.next.probabilities;
          const p = probabilities?.get(window[pos + 1]! as Token);
          if (!probabilities || p === undefined)
            throw new Error(`llama.cpp gave no probability at window ${w} position ${pos}`);
          scores.targetLogProbs.push(Math.log(p));
          if (keepDistributions) {
            const lp = new Float64Array(probabilities.size).fill(Math.log(1e-45));
            for (const [token, q] of probabilities) lp[token] = Math.log(Math.max(q, 1e-45));
            scores.logProbs.push(lp);
          }
        }
      }
      return scores;
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
  }
}

export async function llamaCppPerplexity(
  modelPath: string,
  text: string,
  ctx: number,
): Promise<LlamaCppPerplexity> {
  const { tokens, windows, targetLogProbs } = await llamaCppScores(modelPath, text, ctx);
  const meanNll = -targetLogProbs.reduce((a, b) => a + b, 0) / targetLogProbs.length;
  return {
    ctx,
    tokens,
    windows,
    scoredTokens: targetLogProbs.length,
    meanNll,
    perplexity: Math.exp(meanNll),
  };
}
