// An openai client's chat replies as plain data (ChatReply, StreamedReply), streamed tool-call deltas assembled
// by index as a client does: shared by the page (engine in a Worker) and the Node test (wgllm serve).
import type OpenAI from 'openai';
import type { ChatReply, ChatRequest, StreamedReply } from './structured-window.ts';

export async function chatReply(client: OpenAI, model: string, request: ChatRequest): Promise<ChatReply> {
  const completion = await client.chat.completions.create({ ...request, model });
  const choice = completion.choices[0]!;
  return {
    content: choice.message.content,
    finishReason: choice.finish_reason,
    toolCalls: (choice.message.tool_calls ?? []).flatMap((call) =>
      call.type === 'function'
        ? [{ id: call.id, name: call.function.name, arguments: call.function.arguments }]
        : [],
    ),
  };
}

export async function streamedReply(
  client: OpenAI,
  model: string,
  request: ChatRequest,
): Promise<StreamedReply> {
  const stream = await client.chat.completions.create({ ...request, model, stream: true });
  const reply: StreamedReply = { finishReason: null, content: '', toolCalls: [] };
  for await (const chunk of stream) {
    const choice = chunk.choices[0];
    reply.content += choice?.delta.content ?? '';
    for (const delta of choice?.delta.tool_calls ?? []) {
      reply.toolCalls[delta.index] ??= { arguments: '' };
      const call = reply.toolCalls[delta.index]!;
      if (delta.id) call.id = delta.id;
      if (delta.function?.name) call.name = delta.function.name;
      call.arguments += delta.function?.arguments ?? '';
    }
    reply.finishReason = choice?.finish_reason ?? reply.finishReason;
  }
  return reply;
}

/** The status, param and message a refused request fails with. */
export async function refusal(
  client: OpenAI,
  model: string,
  request: Record<string, unknown>,
): Promise<{ status: number; param: unknown; message: string }> {
  try {
    await client.chat.completions.create({ model, ...request } as never);
  } catch (error) {
    const e = error as { status?: number; param?: unknown; message: string };
    if (typeof e.status === 'number') return { status: e.status, param: e.param, message: e.message };
    throw error;
  }
  throw new Error('the request was not refused');
}
