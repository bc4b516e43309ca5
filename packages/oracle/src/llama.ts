// llama.cpp as an oracle through node-llama-cpp's prebuilt linux-x64 CPU binary. Never builds or downloads:
// if that binary is missing, getLlama fails instead of fetching anything.

import {
  getLlama,
  type Llama,
  type LlamaContextSequence,
  LlamaLogLevel,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';

export interface LlamaRunOptions {
  /** Tokens of context (the shared reference outputs used 512). */
  contextSize?: number;
  /** CPU threads (the shared reference outputs used 1, which makes runs bit-identical). */
  threads?: number;
}

export interface GreedyResult {
  /** Tokens fed: [BOS] + tokenize(prompt) for a text prompt, or the given tokens. */
  promptTokens: number[];
  /** Greedy (argmax) continuation, exactly nTokens long (end-of-generation tokens are not special here). */
  tokens: number[];
  /** ln(p1 / p2) of the two likeliest tokens before each generated one: under ~0.15, rounding may flip it. */
  topTwoMargins: number[];
}

let llama: Promise<Llama> | undefined;

/** The process-wide CPU llama.cpp instance (loaded once). */
export function cpuLlama(): Promise<Llama> {
  llama ??= getLlama({
    gpu: false,
    build: 'never',
    usePrebuiltBinaries: true,
    skipDownload: true,
    progressLogs: false,
    logLevel: LlamaLogLevel.error,
  });
  return llama;
}

/** Loads `modelPath` with a fresh context of `batchSize` tokens per decode, runs `use`, and frees both. */
async function withSequence<T>(
  modelPath: string,
  options: LlamaRunOptions & { batchSize?: number },
  use: (model: LlamaModel, sequence: LlamaContextSequence) => Promise<T>,
): Promise<T> {
  const model = await (await cpuLlama()).loadModel({ modelPath, gpuLayers: 0 });
  try {
    const context = await model.createContext({
      contextSize: options.contextSize ?? 512,
      threads: options.threads ?? 1,
      ...(options.batchSize !== undefined && { batchSize: options.batchSize }),
    });
    try {
      return await use(model, context.getSequence());
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
  }
}

function topTwoMargin(probabilities: ReadonlyMap<Token, number>): number {
  let first = 0;
  let second = 0;
  for (const p of probabilities.values()) {
    if (p > first) {
      second = first;
      first = p;
    } else if (p > second) second = p;
  }
  return Math.log(first / second);
}

/**
 * Loads `modelPath` in llama.cpp and decodes nTokens greedily after the prompt. A text prompt is tokenized
 * like the shared reference: [BOS] + tokenize(text) without special-token parsing.
 */
export async function llamaGreedy(
  modelPath: string,
  prompt: string | number[],
  nTokens: number,
  options: LlamaRunOptions = {},
): Promise<GreedyResult> {
  return withSequence(modelPath, options, async (model, sequence) => {
    const promptTokens =
      typeof prompt === 'string'
        ? [...(model.tokens.bos === null ? [] : [model.tokens.bos]), ...model.tokenize(prompt, false)]
        : prompt;
    const result: GreedyResult = { promptTokens, tokens: [], topTwoMargins: [] };
    if (nTokens <= 0) return result;
    // Whole distributions at every step: cheap for the small vocabularies the oracle is used on.
    const metadata = { probabilities: true } as const;
    const sampling = { temperature: 0, yieldEogToken: true };
    for await (const next of sequence.evaluateWithMetadata(promptTokens as Token[], metadata, sampling)) {
      result.tokens.push(next.token);
      result.topTwoMargins.push(topTwoMargin(next.probabilities));
      if (result.tokens.length >= nTokens) break;
    }
    return result;
  });
}

/**
 * llama.cpp's next-token distribution after each prefix tokens[0..i], from one batch over `tokens`: ln p for the
 * whole vocabulary (unsampled: temperature 0 keeps every token), p computed in f32 and so clamped at 1e-45.
 */
export async function llamaTeacherForced(
  modelPath: string,
  tokens: readonly number[],
  options: LlamaRunOptions = {},
): Promise<Float64Array[]> {
  return withSequence(modelPath, { ...options, batchSize: tokens.length }, async (_model, sequence) => {
    const outputs = await sequence.controlledEvaluate(
      tokens.map((token) => [token as Token, { generateNext: { probabilities: true } }]),
    );
    return outputs.map((output, pos) => {
      const probabilities = output?.next.probabilities;
      if (!probabilities) throw new Error(`llama.cpp gave no distribution at position ${pos}`);
      const logProbs = new Float64Array(probabilities.size);
      for (const [token, p] of probabilities) logProbs[token] = Math.log(Math.max(p, 1e-45));
      return logProbs;
    });
  });
}
