// What every runtime is asked to do on one model, identical across runtimes so their figures compare.

export interface Workload {
  /** Prompt lengths (tokens) whose prefill speed is measured, already clamped to the model's context. */
  prefillLengths: number[];
  /** Prompt length (tokens) before the decode run; its time to first token is reported. */
  decodePromptLength: number;
  /** Tokens generated greedily in the decode run (the first comes from the prefill). */
  decodeTokens: number;
  /** The prompt, as token ids; each prefill uses its first N ids. */
  promptIds: number[];
}

/** Prompt ids for a vocabulary: BOS, then ids drawn from `firstTextId` .. `vocabSize - 1` (no special tokens). */
export function promptIds(length: number, vocabSize: number, bos: number, firstTextId: number): number[] {
  // xorshift32: the same prompt for every runtime and every run.
  let state = 0x9e3779b9;
  const span = vocabSize - firstTextId;
  const ids = [bos];
  while (ids.length < length) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    ids.push(firstTextId + ((state >>> 0) % span));
  }
  return ids;
}

export interface WorkloadRequest {
  prefillLengths: number[];
  decodePromptLength: number;
  decodeTokens: number;
}

/** Clamps the request to a context of `contextLength` tokens. */
export function workloadFor(
  request: WorkloadRequest,
  contextLength: number,
  vocabSize: number,
  bos: number,
  firstTextId: number,
): Workload {
  const prefillLengths = [...new Set(request.prefillLengths.map((n) => Math.min(n, contextLength)))];
  const decodeTokens = Math.min(request.decodeTokens, contextLength - 1);
  const decodePromptLength = Math.min(request.decodePromptLength, contextLength - decodeTokens);
  const longest = Math.max(decodePromptLength, ...prefillLengths);
  return {
    prefillLengths,
    decodePromptLength,
    decodeTokens,
    promptIds: promptIds(longest, vocabSize, bos, firstTextId),
  };
}

/** Context (tokens) a runtime needs for the workload: its KV cache is sized to this for every runtime. */
export function contextFor(workload: Workload): number {
  return Math.max(...workload.prefillLengths, workload.decodePromptLength + workload.decodeTokens);
}
