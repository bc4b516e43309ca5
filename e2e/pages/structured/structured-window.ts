// What e2e/pages/structured/page.ts puts on `window` for e2e/structured-worker.test.ts (plain data only).
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';

export type ChatRequest = Omit<ChatCompletionCreateParamsNonStreaming, 'model'>;

export interface ChatReply {
  content: string | null;
  finishReason: string;
  toolCalls: { id: string; name: string; arguments: string }[];
}

export interface StreamedReply {
  finishReason: string | null;
  content: string;
  /** The streamed tool-call deltas assembled by index, as a client does. */
  toolCalls: { id?: string; name?: string; arguments: string }[];
}

export interface StructuredTestWindow {
  /** Loads the model into the default Worker engine (WebGPU) and returns its backend. */
  load(url: string): Promise<string>;
  /** One chat completion through the official openai client, whose fetch is the engine's OpenAI handler. */
  chat(request: ChatRequest): Promise<ChatReply>;
  streamChat(request: ChatRequest): Promise<StreamedReply>;
  /** The status and error body the request is refused with (400s). */
  refusal(request: Record<string, unknown>): Promise<{ status: number; param: unknown; message: string }>;
}
