import { commonPrefix } from '@wgllm/runtime';
import { describe, expect, it } from 'vitest';
import { ContextOverflowError } from '../errors/errors.ts';
import { dropOldestTurns } from './drop-oldest-turns.ts';

type Message = { role: string; content: string };
const chat: Message[] = [
  { role: 'system', content: 'sys' },
  { role: 'user', content: 'u1' },
  { role: 'assistant', content: 'a1' },
  { role: 'user', content: 'u2' },
  { role: 'assistant', content: 'a2' },
  { role: 'tool', content: 't2' },
  { role: 'user', content: 'u3' },
];
/** Ten ids a message, from its content. */
const ids = (kept: Message[]) =>
  kept.flatMap((m) => Array.from({ length: 10 }, (_, i) => m.content.charCodeAt(i % m.content.length)));
const contents = (kept: { messages: Message[] }) => kept.messages.map((m) => m.content);
const nothingCached = () => 0;

describe('dropOldestTurns', () => {
  it('keeps a chat that fits as it is', () => {
    const kept = dropOldestTurns(chat, ids, { contextLength: 100, maxTokens: 30 }, nothingCached);
    expect(kept).toMatchObject({ messages: chat, dropped: 0 });
    expect(kept.ids).toEqual(ids(chat));
  });

  it('drops whole turns, oldest first, keeping the system prompt and a quarter of the context free', () => {
    // 70 tokens + 10 do not fit 70; one turn less (60) would, but two leave a quarter free (30 <= 52).
    const kept = dropOldestTurns(chat, ids, { contextLength: 70, maxTokens: 10 }, nothingCached);
    expect(contents(kept)).toEqual(['sys', 'u3']);
    expect(kept.dropped).toBe(5);
    // Where no drop leaves the quarter, the most that can go goes.
    const tight = dropOldestTurns(chat, ids, { contextLength: 40, maxTokens: 20 }, nothingCached);
    expect(contents(tight)).toEqual(['sys', 'u3']);
  });

  it('keeps dropping what it dropped before while that fits: the cache holds that prompt', () => {
    const before = ids([chat[0]!, ...chat.slice(3)]); // one turn dropped by an earlier request
    const cache = (prompt: readonly number[]) => commonPrefix(before, prompt);
    const kept = dropOldestTurns(chat, ids, { contextLength: 70, maxTokens: 10 }, cache);
    expect(contents(kept)).toEqual(['sys', 'u2', 'a2', 't2', 'u3']);
    expect(kept.dropped).toBe(2);
  });

  it('without max_tokens, makes room for one token', () => {
    const kept = dropOldestTurns(chat, ids, { contextLength: 61 }, (prompt) => prompt.length);
    expect(kept.dropped).toBe(2);
  });

  it('refuses with a typed error when the system prompt and the last turn do not fit', () => {
    const call = () => dropOldestTurns(chat, ids, { contextLength: 39, maxTokens: 20 }, nothingCached);
    expect(call).toThrow(ContextOverflowError);
    expect(call).toThrow('the system prompt and the last turn take 20 tokens and max_tokens 20');
  });

  it('drops an assistant greeting before the first user message with the first turn', () => {
    const greeted = [chat[0]!, { role: 'assistant', content: 'hi' }, ...chat.slice(1)];
    const kept = dropOldestTurns(greeted, ids, { contextLength: 70, maxTokens: 10 }, (p) => p.length);
    expect(contents(kept)).toEqual(['sys', 'u2', 'a2', 't2', 'u3']);
  });
});
