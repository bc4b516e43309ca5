// context_overflow: 'drop_oldest_turns': a chat too long for the context loses its oldest turns (a user
// message and the replies and tool results after it), never its leading system messages nor its last turn.
// Dropping changes the prompt after the system prompt, so what follows is prefilled again: once. A drop leaves
// a quarter of the context free, and the next turns keep dropping the same turns as long as they fit (the
// cache holds that prompt), so they reuse the cache until the context fills again.
import { ContextOverflowError } from '../errors/errors.ts';

export interface DroppedTurns<M> {
  messages: M[];
  /** Messages left out (0 when the chat fits). */
  dropped: number;
  /** The kept chat's prompt ids. */
  ids: number[];
}

export interface TokenBudget {
  contextLength: number;
  /** Room kept for the reply (tokens); absent: one token (generation then runs to the context's end). */
  maxTokens?: number | undefined;
}

/** Share of the context a drop leaves free for the turns after it. */
const HEADROOM = 1 / 4;

/**
 * The chat without as few of its oldest turns as fit the budget, or, among the drops that fit with up to a
 * quarter of the context to spare, the one whose prompt a KV sequence caches the most of (`cachedPrefix`),
 * the largest on a tie. `promptIds(kept)` renders and tokenizes. Throws ContextOverflowError when even the
 * system messages and the last turn do not fit.
 */
export function dropOldestTurns<M extends { role: string }>(
  messages: M[],
  promptIds: (kept: M[]) => number[],
  { contextLength, maxTokens }: TokenBudget,
  cachedPrefix: (ids: readonly number[]) => number,
): DroppedTurns<M> {
  let system = 0;
  while (system < messages.length && messages[system]!.role === 'system') system++;
  const turnStarts = messages.flatMap((m, i) => (i >= system && m.role === 'user' ? [i] : []));
  const rendered = new Map<number, DroppedTurns<M>>();
  /** The chat without its `turns` oldest turns. */
  const without = (turns: number): DroppedTurns<M> => {
    let kept = rendered.get(turns);
    if (!kept) {
      const from = turns === 0 ? system : turnStarts[turns]!;
      const chat = [...messages.slice(0, system), ...messages.slice(from)];
      kept = { messages: chat, dropped: from - system, ids: promptIds(chat) };
      rendered.set(turns, kept);
    }
    return kept;
  };
  const reply = maxTokens ?? 1;
  const fitsIn = (room: number) => (turns: number) => without(turns).ids.length + reply <= room;
  const most = Math.max(0, turnStarts.length - 1);
  if (fitsIn(contextLength)(0)) return without(0);
  if (!fitsIn(contextLength)(most)) {
    const tokens = without(most).ids.length;
    const room = maxTokens === undefined ? '' : ` and max_tokens ${maxTokens}`;
    throw new ContextOverflowError(
      `the system prompt and the last turn take ${tokens} tokens${room}; the context holds ${contextLength}`,
      { promptTokens: tokens, contextLength, ...(maxTokens !== undefined && { maxTokens }) },
    );
  }
  const fewest = leastFrom(1, most, fitsIn(contextLength));
  const spare = Math.floor(contextLength * (1 - HEADROOM));
  const roomy = fitsIn(spare)(most) ? leastFrom(fewest, most, fitsIn(spare)) : most;
  let best = roomy;
  let bestCached = cachedPrefix(without(roomy).ids);
  for (let turns = roomy - 1; turns >= fewest; turns--) {
    const cached = cachedPrefix(without(turns).ids);
    if (cached > bestCached) [best, bestCached] = [turns, cached];
  }
  return without(best);
}

/** The least n in [low, high] with test(n), test being false below some n and true from it (bisection). */
function leastFrom(low: number, high: number, test: (n: number) => boolean): number {
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (test(mid)) high = mid;
    else low = mid + 1;
  }
  return low;
}
