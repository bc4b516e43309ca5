// What a running request reports, as plain data: the same shapes in-thread, through a MessagePort from the
// Worker, and into the OpenAI objects built by openai-surface.ts.
import type {
  ChatCompletionCreateParams,
  CompletionCreateParams,
  FinishReason,
  RequestOptions,
  ToolCall,
} from '../openai-types.ts';

/** Request params as they cross to the engine: everything but the caller-side AbortSignal. */
export type EngineRequest =
  | { kind: 'chat'; params: Omit<ChatCompletionCreateParams, keyof RequestOptions> }
  | { kind: 'completion'; params: Omit<CompletionCreateParams, keyof RequestOptions> };

export interface GenerationSummary {
  /** The id of the model that served the request. */
  model: string;
  finishReason: FinishReason;
  promptTokens: number;
  /** Leading prompt tokens whose KV cache was reused (not prefilled). */
  cachedTokens: number;
  /** context_overflow 'drop_oldest_turns': the oldest messages left out (0 when the chat fitted). */
  droppedMessages?: number;
  completionTokens: number;
  /** Wall time of the prompt pass, ms. */
  promptMs: number;
  /** Wall time of all decode steps, ms. */
  decodeMs: number;
}

/** 'start' once the request leaves the queue and its prompt fits, then 'text' pieces and 'tool_call's, then one 'done'. */
export type GenerationEvent =
  | { type: 'start'; model: string; promptTokens: number }
  | { type: 'text'; text: string }
  /** A complete tool call parsed from the reply (after its text events; `index` counts calls from 0). */
  | { type: 'tool_call'; index: number; call: ToolCall }
  | { type: 'done'; summary: GenerationSummary };

export function stripRequestOptions<T extends RequestOptions>(params: T): Omit<T, keyof RequestOptions> {
  const { signal: _signal, ...rest } = params;
  return rest;
}
