// llama.cpp as an oracle through node-llama-cpp's prebuilt linux-x64 CPU binary. Never builds or downloads:
// if that binary is missing, getLlama fails instead of fetching anything.

import { getLlama, type Llama, LlamaLogLevel, type Token } from 'node-llama-cpp';

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
  const model = await (await cpuLlama()).loadModel({ modelPath, gpuLayers: 0 });
  try {
    const promptTokens =
      typeof prompt === 'string'
        ? [...(model.tokens.bos === null ? [] : [model.tokens.bos]), ...model.tokenize(prompt, false)]
        : prompt;
    const context = await model.createContext({
      contextSize: options.contextSize ?? 512,
      threads: options.threads ?? 1,
    });
    try {
      const tokens: number[] = [];
      if (nTokens <= 0) return { promptTokens, tokens };
      for await (const token of context.getSequence().evaluate(promptTokens as Token[], { temperature: 0 })) {
        tokens.push(token);
        if (tokens.length >= nTokens) break;
      }
      return { promptTokens, tokens };
    } finally {
      await context.dispose();
    }
  } finally {
    await model.dispose();
  }
}
