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
/** Ten tokens a message. */
const tokens = (kept: Message[]) => 10 * kept.length;
const contents = (kept: Message[]) => kept.map((m) => m.content);

describe('dropOldestTurns', () => {
  it('keeps a chat that fits as it is', () => {
    expect(dropOldestTurns(chat, tokens, { contextLength: 100, maxTokens: 30 })).toEqual({
      messages: chat,
      dropped: 0,
    });
  });

  it('drops whole turns, oldest first, keeping the system prompt', () => {
    const one = dropOldestTurns(chat, tokens, { contextLength: 70, maxTokens: 20 });
    expect(contents(one.messages)).toEqual(['sys', 'u2', 'a2', 't2', 'u3']);
    expect(one.dropped).toBe(2);
    // A reply, its tool result and all go with their turn.
    const two = dropOldestTurns(chat, tokens, { contextLength: 40, maxTokens: 20 });
    expect(contents(two.messages)).toEqual(['sys', 'u3']);
    expect(two.dropped).toBe(5);
  });

  it('without max_tokens, makes room for one token', () => {
    expect(dropOldestTurns(chat, tokens, { contextLength: 51 }).dropped).toBe(2);
  });

  it('refuses with a typed error when the system prompt and the last turn do not fit', () => {
    const call = () => dropOldestTurns(chat, tokens, { contextLength: 39, maxTokens: 20 });
    expect(call).toThrow(ContextOverflowError);
    expect(call).toThrow('the system prompt and the last turn take 20 tokens and max_tokens 20');
  });

  it('drops an assistant greeting before the first user message with the first turn', () => {
    const greeted = [chat[0]!, { role: 'assistant', content: 'hi' }, ...chat.slice(1)];
    const kept = dropOldestTurns(greeted, tokens, { contextLength: 70, maxTokens: 10 });
    expect(contents(kept.messages)).toEqual(['sys', 'u2', 'a2', 't2', 'u3']);
  });
});
