import { BadRequestError } from '../errors/errors.ts';
import type { ChatMessage } from '../openai-types.ts';

const roles = new Set(['system', 'user', 'assistant']);

export function checkMessages(messages: unknown): ChatMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new BadRequestError('messages must be a non-empty array', { param: 'messages' });
  }
  for (const m of messages) {
    const { role, content } = (m ?? {}) as Record<string, unknown>;
    if (typeof role !== 'string' || !roles.has(role) || typeof content !== 'string') {
      throw new BadRequestError('each message needs a role (system, user, assistant) and string content', {
        param: 'messages',
      });
    }
  }
  return messages as ChatMessage[];
}
