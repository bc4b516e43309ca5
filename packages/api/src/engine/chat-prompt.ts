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

/**
 * The prompt text for a conversation on a model without a chat template (base models such as stories260K):
 * the messages' text, one per line, for the model to continue.
 */
export function plainChatPrompt(messages: readonly ChatMessage[]): string {
  return messages.map((m) => m.content).join('\n');
}
