// What every runtime is asked to do on one model, identical across runtimes so their figures compare.

/** A prompt as text (for runtimes that only take text: wllama) and as llama.cpp tokenizes it (BOS first). */
export interface Prompt {
  text: string;
  ids: number[];
}

export interface Workload {
  /** Prompts whose prefill speed is measured (lengths already clamped to the model's context). */
  prefill: Prompt[];
  /** Prompt before the decode run; its time to first token is reported. */
  decodePrompt: Prompt;
  /** Tokens generated greedily in the decode run (the first comes from the prefill). */
  decodeTokens: number;
  /** A few tokens run before timing, so pipelines are compiled and caches warm. */
  warmup: Prompt;
}

export interface WorkloadRequest {
  /** Prompt lengths (tokens) for the prefill figures. */
  prefillLengths: number[];
  /** Prompt length (tokens) before the decode run. */
  decodePromptLength: number;
  decodeTokens: number;
}

/** Tokens in the warm-up prompt. */
const WARMUP_TOKENS = 8;

/** Cuts `request` to a context of `contextLength` tokens; `prompt(n)` makes a prompt of n tokens. */
export function workloadFor(
  request: WorkloadRequest,
  contextLength: number,
  prompt: (tokens: number) => Prompt,
): Workload {
  // A prefill yields one token, which needs a KV slot of its own.
  const prefillLengths = [...new Set(request.prefillLengths.map((n) => Math.min(n, contextLength - 1)))];
  const decodeTokens = Math.min(request.decodeTokens, contextLength - 1);
  const decodePromptLength = Math.min(request.decodePromptLength, contextLength - decodeTokens);
  return {
    prefill: prefillLengths.map(prompt),
    decodePrompt: prompt(decodePromptLength),
    decodeTokens,
    warmup: prompt(WARMUP_TOKENS),
  };
}

/** Context (tokens) a runtime needs for the workload: every runtime's KV cache is sized to this. */
export function contextFor(workload: Workload): number {
  return Math.max(
    ...workload.prefill.map((p) => p.ids.length + 1),
    workload.decodePrompt.ids.length + workload.decodeTokens,
  );
}
