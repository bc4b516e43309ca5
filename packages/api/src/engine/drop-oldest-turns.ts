// context_overflow: 'drop_oldest_turns': a chat too long for the context loses its oldest turns (a user
// message and the replies and tool results after it), never its leading system messages nor its last turn.
// The prompt then differs from the cached one after the system prompt, so it is prefilled once from there;
// the turns after it reuse the cache again.
import { ContextOverflowError } from '../errors/errors.ts';

export interface DroppedTurns<M> {
  messages: M[];
  /** Messages left out (0 when the chat fits). */
  dropped: number;
}

export interface TokenBudget {
  contextLength: number;
  /** Room kept for the reply (tokens); absent: one token (generation then runs to the context's end). */
  maxTokens?: number | undefined;
}

/**
 * The chat without the fewest oldest turns that make its prompt (`promptTokens(kept)`, which renders and
 * tokenizes) fit the budget, found by bisection. Throws ContextOverflowError when even the system messages
 * and the last turn do not fit.
 */
export function dropOldestTurns<M extends { role: string }>(
  messages: M[],
  promptTokens: (kept: M[]) => number,
  { contextLength, maxTokens }: TokenBudget,
): DroppedTurns<M> {
  let system = 0;
  while (system < messages.length && messages[system]!.role === 'system') system++;
  const turnStarts = messages.flatMap((m, i) => (i >= system && m.role === 'user' ? [i] : []));
  /** The chat without its `turns` oldest turns. */
  const without = (turns: number): DroppedTurns<M> => {
    const from = turns === 0 ? system : turnStarts[turns]!;
    return { messages: [...messages.slice(0, system), ...messages.slice(from)], dropped: from - system };
  };
  const fits = (turns: number) => promptTokens(without(turns).messages) + (maxTokens ?? 1) <= contextLength;
  const most = Math.max(0, turnStarts.length - 1);
  if (!fits(most)) {
    const tokens = promptTokens(without(most).messages);
    const room = maxTokens === undefined ? '' : ` and max_tokens ${maxTokens}`;
    throw new ContextOverflowError(
      `the system prompt and the last turn take ${tokens} tokens${room}; the context holds ${contextLength}`,
      { promptTokens: tokens, contextLength, ...(maxTokens !== undefined && { maxTokens }) },
    );
  }
  // fits() holds from some number of dropped turns on: the least such number.
  let low = 0;
  let high = most;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (fits(mid)) high = mid;
    else low = mid + 1;
  }
  return without(low);
}
