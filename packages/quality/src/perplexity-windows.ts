// The windows llama.cpp's llama-perplexity scores (tools/perplexity/perplexity.cpp, perplexity()):
// the tokenized text (with BOS when the vocabulary adds one) is cut into floor(n / ctx) chunks of ctx tokens,
// each chunk's first token is replaced by BOS, the KV cache starts empty for every chunk, and only the logits
// at positions ctx/2 .. ctx-2 are scored (predicting tokens ctx/2+1 .. ctx-1), so every scored token has at
// least ctx/2 tokens of context.

export interface PerplexityWindow {
  /** Index of the chunk's first token in the tokenized text. */
  start: number;
  /** (ctx) the tokens fed at positions 0 .. ctx-1, BOS first when the model uses one. */
  tokens: number[];
  /** First scored position: logits at positions firstScored .. ctx-2 predict tokens[pos + 1]. */
  firstScored: number;
}

export function planWindows(
  tokens: readonly number[],
  /** Window length (tokens). */
  ctx: number,
  /** BOS id put at position 0 of every window, or undefined when the vocabulary adds none. */
  bos: number | undefined,
): PerplexityWindow[] {
  if (!Number.isInteger(ctx) || ctx < 4) throw new Error(`window length ${ctx} must be an integer >= 4`);
  if (tokens.length < 2 * ctx) {
    throw new Error(
      `perplexity needs at least ${2 * ctx} tokens for windows of ${ctx}; the text has ${tokens.length}`,
    );
  }
  const windows: PerplexityWindow[] = [];
  const chunks = Math.floor(tokens.length / ctx);
  for (let i = 0; i < chunks; i++) {
    const start = i * ctx;
    const window = tokens.slice(start, start + ctx);
    if (bos !== undefined) window[0] = bos;
    windows.push({ start, tokens: window, firstScored: Math.floor(ctx / 2) });
  }
  return windows;
}

/** Scored tokens per window: positions firstScored .. ctx-2. */
export function scoredPerWindow(window: PerplexityWindow): number {
  return window.tokens.length - 1 - window.firstScored;
}
