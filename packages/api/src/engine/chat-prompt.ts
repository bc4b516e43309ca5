import { BadRequestError } from '../errors/errors.ts';
import type { ChatMessage } from '../openai-types.ts';

const roles = new Set(['system', 'user', 'assistant', 'tool']);

/** Checks messages; assistant tool_calls get their arguments parsed, as chat templates expect objects. */
export function checkMessages(
  messages: unknown,
): { role: string; content: string; [field: string]: unknown }[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new BadRequestError('messages must be a non-empty array', { param: 'messages' });
  }
  return messages.map((m: ChatMessage) => {
    const { role, content } = (m ?? {}) as Record<string, unknown>;
    const calls = m?.role === 'assistant' ? m.tool_calls : undefined;
    const contentOk =
      typeof content === 'string' || (calls !== undefined && (content === null || content === undefined));
    if (typeof role !== 'string' || !roles.has(role) || !contentOk) {
      throw new BadRequestError(
        'each message needs a role (system, user, assistant, tool) and string content',
        {
          param: 'messages',
        },
      );
    }
    if (role === 'tool' && typeof (m as { tool_call_id?: unknown }).tool_call_id !== 'string')
      throw new BadRequestError('a tool message needs the tool_call_id it answers', { param: 'messages' });
    if (!calls) return m as { role: string; content: string };
    if (!Array.isArray(calls)) throw new BadRequestError('tool_calls must be a list', { param: 'messages' });
    const toolCalls = calls.map((call) => {
      const name = call?.function?.name;
      let args: unknown;
      try {
        args = JSON.parse(call?.function?.arguments ?? 'null');
      } catch {
        args = undefined;
      }
      if (typeof name !== 'string' || typeof args !== 'object' || args === null)
        throw new BadRequestError('each tool call needs function.name and JSON object arguments', {
          param: 'messages',
        });
      return { ...call, function: { name, arguments: args } };
    });
    return { ...m, content: content ?? '', tool_calls: toolCalls };
  });
}
