/** Why generation ended, in OpenAI's vocabulary plus `abort`. */
export type FinishReason = 'stop' | 'length' | 'abort';

export interface StoppingOptions {
  /** Most tokens to generate. */
  maxTokens: number;
  /** Token ids that end generation and are not emitted (end-of-generation tokens, plus any the caller adds). */
  stopTokenIds: ReadonlySet<number>;
}

/** Decides, after each sampled token, whether generation ends before emitting it or after it. */
export function tokenStopReason(
  token: number,
  generated: number,
  o: StoppingOptions,
): FinishReason | undefined {
  if (o.stopTokenIds.has(token)) return 'stop';
  if (generated >= o.maxTokens) return 'length';
  return undefined;
}
