// Builds the OpenAI-shaped `chat.completions.create` / `completions.create` on any transport that runs an
// EngineRequest and reports GenerationEvents (in-thread engine, Worker client).
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  Completion,
  CompletionChunk,
  CompletionCreateParams,
  CompletionUsage,
  ToolCall,
} from '../openai-types.ts';
import {
  type EngineRequest,
  type GenerationEvent,
  type GenerationSummary,
  stripRequestOptions,
} from './generation-events.ts';

export interface GenerationTransport {
  /** Runs one request: 'start', text events, then exactly one 'done'; or the iteration throws. */
  run(request: EngineRequest, signal?: AbortSignal): AsyncIterable<GenerationEvent>;
}

export interface ChatCompletions {
  create(params: ChatCompletionCreateParams & { stream: true }): Promise<AsyncIterable<ChatCompletionChunk>>;
  create(params: ChatCompletionCreateParams & { stream?: false | undefined }): Promise<ChatCompletion>;
  create(params: ChatCompletionCreateParams): Promise<ChatCompletion | AsyncIterable<ChatCompletionChunk>>;
}

export interface Completions {
  create(params: CompletionCreateParams & { stream: true }): Promise<AsyncIterable<CompletionChunk>>;
  create(params: CompletionCreateParams & { stream?: false | undefined }): Promise<Completion>;
  create(params: CompletionCreateParams): Promise<Completion | AsyncIterable<CompletionChunk>>;
}

export interface OpenAISurface {
  chat: { completions: ChatCompletions };
  completions: Completions;
}

export function usageOf(s: GenerationSummary): CompletionUsage {
  const decodeSeconds = s.decodeMs / 1000;
  return {
    prompt_tokens: s.promptTokens,
    completion_tokens: s.completionTokens,
    total_tokens: s.promptTokens + s.completionTokens,
    prompt_tokens_details: { cached_tokens: s.cachedTokens },
    timings: {
      prompt_ms: s.promptMs,
      predicted_ms: s.decodeMs,
      predicted_per_second: decodeSeconds > 0 ? s.completionTokens / decodeSeconds : 0,
    },
  };
}

function requestId(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

const unixSeconds = (): number => Math.floor(Date.now() / 1000);

interface Started {
  /** The model serving the request. */
  model: string;
  rest: AsyncIterator<GenerationEvent>;
}

/**
 * Waits for the request to leave the queue, so that errors found before any token (bad params, context
 * overflow, unknown model) reject `create()` itself rather than the first step of the iteration.
 */
async function started(events: AsyncIterable<GenerationEvent>): Promise<Started> {
  const rest = events[Symbol.asyncIterator]();
  const next = await rest.next();
  if (next.done || next.value.type !== 'start') throw new Error('the engine did not start the request');
  return { model: next.value.model, rest };
}

async function* remaining({ rest }: Started): AsyncIterable<GenerationEvent> {
  try {
    for (;;) {
      const next = await rest.next();
      if (next.done) return;
      yield next.value;
    }
  } finally {
    await rest.return?.();
  }
}

async function collect(
  events: AsyncIterable<GenerationEvent>,
): Promise<{ text: string; toolCalls: ToolCall[]; summary: GenerationSummary }> {
  let text = '';
  const toolCalls: ToolCall[] = [];
  for await (const event of events) {
    if (event.type === 'text') text += event.text;
    else if (event.type === 'tool_call') toolCalls.push(event.call);
    else if (event.type === 'done') return { text, toolCalls, summary: event.summary };
  }
  throw new Error('the engine ended a request without a result');
}

async function* chatChunks(start: Started): AsyncIterable<ChatCompletionChunk> {
  const id = requestId('chatcmpl');
  const created = unixSeconds();
  const chunk = (
    delta: ChatCompletionChunk['choices'][number]['delta'],
    finishReason: GenerationSummary['finishReason'] | null = null,
  ): ChatCompletionChunk => ({
    id,
    object: 'chat.completion.chunk',
    created,
    model: start.model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  });
  yield chunk({ role: 'assistant', content: '' });
  for await (const event of remaining(start)) {
    if (event.type === 'text') yield chunk({ content: event.text });
    else if (event.type === 'tool_call') {
      // As OpenAI streams a call: id, type and name first, then the arguments.
      const { index, call } = event;
      const header = {
        index,
        id: call.id,
        type: call.type,
        function: { name: call.function.name, arguments: '' },
      };
      yield chunk({ tool_calls: [header] });
      yield chunk({ tool_calls: [{ index, function: { arguments: call.function.arguments } }] });
    } else if (event.type === 'done')
      yield {
        ...chunk({}, event.summary.finishReason),
        usage: usageOf(event.summary),
        ...droppedMessages(event.summary),
      };
  }
}

/** The extension field of a chat that context_overflow 'drop_oldest_turns' made fit. */
function droppedMessages(s: GenerationSummary): { dropped_messages?: number } {
  return s.droppedMessages === undefined ? {} : { dropped_messages: s.droppedMessages };
}

async function* completionChunks(start: Started): AsyncIterable<CompletionChunk> {
  const id = requestId('cmpl');
  const created = unixSeconds();
  const chunk = (
    text: string,
    finishReason: GenerationSummary['finishReason'] | null = null,
  ): CompletionChunk => ({
    id,
    object: 'text_completion',
    created,
    model: start.model,
    choices: [{ index: 0, text, finish_reason: finishReason, logprobs: null }],
  });
  for await (const event of remaining(start)) {
    if (event.type === 'text') yield chunk(event.text);
    else if (event.type === 'done')
      yield { ...chunk('', event.summary.finishReason), usage: usageOf(event.summary) };
  }
}

export function openAISurface(transport: GenerationTransport): OpenAISurface {
  const chatCreate = async (params: ChatCompletionCreateParams) => {
    const events = transport.run({ kind: 'chat', params: stripRequestOptions(params) }, params.signal);
    if (params.stream) return chatChunks(await started(events));
    const { text, toolCalls, summary } = await collect(events);
    const message: ChatCompletion['choices'][number]['message'] =
      toolCalls.length > 0
        ? { role: 'assistant', content: text || null, tool_calls: toolCalls }
        : { role: 'assistant', content: text };
    const completion: ChatCompletion = {
      id: requestId('chatcmpl'),
      object: 'chat.completion',
      created: unixSeconds(),
      model: summary.model,
      choices: [
        {
          index: 0,
          message,
          finish_reason: summary.finishReason,
          logprobs: null,
        },
      ],
      usage: usageOf(summary),
      ...droppedMessages(summary),
    };
    return completion;
  };
  const completionCreate = async (params: CompletionCreateParams) => {
    const events = transport.run({ kind: 'completion', params: stripRequestOptions(params) }, params.signal);
    if (params.stream) return completionChunks(await started(events));
    const { text, summary } = await collect(events);
    const completion: Completion = {
      id: requestId('cmpl'),
      object: 'text_completion',
      created: unixSeconds(),
      model: summary.model,
      choices: [{ index: 0, text, finish_reason: summary.finishReason, logprobs: null }],
      usage: usageOf(summary),
    };
    return completion;
  };
  return {
    chat: { completions: { create: chatCreate as ChatCompletions['create'] } },
    completions: { create: completionCreate as Completions['create'] },
  };
}
