// The OpenAI wire shapes wgllm speaks: a subset of the Chat Completions and Completions APIs, field names as
// OpenAI spells them so the official client (and llama.cpp / vLLM servers) read and write them unchanged.

/** Why generation ended: a stop token or string, max_tokens (or the context end), or the caller's AbortSignal. */
export type FinishReason = 'stop' | 'length' | 'abort' | 'tool_calls';

/** A call the assistant made: `arguments` is JSON text of an object matching the function's parameters. */
export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] }
  /** A tool's result, fed back for the call with `tool_call_id`. */
  | { role: 'tool'; content: string; tool_call_id: string };

export interface ToolDefinition {
  type: 'function';
  function: {
    name: string;
    description?: string;
    /** JSON Schema of the arguments: an object schema. */
    parameters?: Record<string, unknown>;
  };
}

export type ToolChoiceParam = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

/** What the reply must be: free text, any JSON object, or JSON valid against a schema. */
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | {
      type: 'json_schema';
      json_schema: {
        name: string;
        schema?: Record<string, unknown>;
        strict?: boolean | null;
        description?: string;
      };
    };

/** Sampling and stopping fields shared by both endpoints. Unset fields take the engine's defaults. */
export interface SamplingParams {
  /** 0 is greedy. */
  temperature?: number;
  top_p?: number;
  /** 0 keeps all tokens (llama.cpp / vLLM extension). */
  top_k?: number;
  /** llama.cpp / vLLM extension. */
  min_p?: number;
  /** Most tokens to generate. */
  max_tokens?: number;
  /** Up to 4 strings that end generation; they are not returned. */
  stop?: string | string[];
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  /** 1 is off (llama.cpp / vLLM extension). */
  repetition_penalty?: number;
  /** Token id (as a string key, as JSON requires) to a bias added to its logit; -100 bans it. */
  logit_bias?: Record<string, number>;
  /**
   * At the end of the context: 'error' (default) finishes with 'length'; 'slide' keeps the prompt's start and
   * the latest tokens and goes on (llama.cpp's context shift; wgllm extension). Use with max_tokens.
   * Chat only, 'drop_oldest_turns': before generating, leaves out the oldest turns (a user message and what
   * follows it), never the leading system messages nor the last turn, until the prompt and max_tokens fit
   * with a quarter of the context free (later turns drop the same ones while they fit, reusing the cache);
   * the response's `dropped_messages` says how many messages went (wgllm extension).
   */
  context_overflow?: 'error' | 'slide' | 'drop_oldest_turns';
  /**
   * Reuse the KV cache of the longest cached prefix of the prompt (a chat's earlier turns); default true
   * (llama.cpp server extension). The generated tokens are the same either way.
   */
  cache_prompt?: boolean;
  /** Streams chunks as tokens are made. */
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  /** Constrains the output: any JSON object, or JSON valid against a schema. */
  response_format?: ResponseFormat;
  /** Constrains the output to a GBNF grammar with a `root` rule (llama.cpp server extension). */
  grammar?: string;
}

/** Options that stay on the caller's side, never sent over the wire. */
export interface RequestOptions {
  /** Ends this request cleanly: `finish_reason` 'abort' (non-streaming) or a last chunk saying so (streaming). */
  signal?: AbortSignal;
}

export interface ChatCompletionCreateParams extends SamplingParams, RequestOptions {
  model: string;
  messages: ChatMessage[];
  /** Functions the model may call; the chat template shows them to the model. */
  tools?: ToolDefinition[];
  /** 'auto' (default with tools), 'none', 'required' (at least one call), or one named function. */
  tool_choice?: ToolChoiceParam;
  /** Several calls in one reply; default false (as llama.cpp's server). */
  parallel_tool_calls?: boolean;
}

export interface CompletionCreateParams extends SamplingParams, RequestOptions {
  model: string;
  prompt: string;
}

export interface CompletionTimings {
  /** Wall time of the prompt pass, ms. */
  prompt_ms: number;
  /** Wall time of all decode steps, ms. */
  predicted_ms: number;
  /** Decode speed, tokens per second. */
  predicted_per_second: number;
}

export interface CompletionUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** As OpenAI reports it: prompt tokens served from the cache (its earlier turns), not prefilled. */
  prompt_tokens_details?: { cached_tokens: number };
  /** wgllm extension (llama.cpp's server reports the same numbers under `timings`). */
  timings?: CompletionTimings;
}

export interface ChatCompletion {
  id: string;
  object: 'chat.completion';
  /** Unix time, seconds. */
  created: number;
  model: string;
  choices: {
    index: number;
    message: { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] };
    finish_reason: FinishReason;
    logprobs: null;
  }[];
  usage: CompletionUsage;
  /** context_overflow 'drop_oldest_turns': the oldest messages left out to fit (wgllm extension). */
  dropped_messages?: number;
}

/** A streamed piece of a tool call: the first for an index has id, type and name; `arguments` accumulates. */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments: string };
}

export interface ChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  /** Empty in the usage-only chunk that ends a stream. */
  choices: {
    index: number;
    delta: { role?: 'assistant'; content?: string; tool_calls?: ToolCallDelta[] };
    finish_reason: FinishReason | null;
    logprobs: null;
  }[];
  /** Only on the last chunk. */
  usage?: CompletionUsage | null;
  /** On the last chunk, as in ChatCompletion (wgllm extension). */
  dropped_messages?: number;
}

export interface Completion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: { index: number; text: string; finish_reason: FinishReason; logprobs: null }[];
  usage: CompletionUsage;
}

/** The streamed form of a text completion: same object name, one piece of text per chunk. */
export interface CompletionChunk {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: { index: number; text: string; finish_reason: FinishReason | null; logprobs: null }[];
  usage?: CompletionUsage | null;
}

export interface ModelObject {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export interface ModelList {
  object: 'list';
  data: ModelObject[];
}

/** The body of an HTTP error answer. */
export interface ErrorBody {
  error: { message: string; type: string; code: string; param: string | null };
}
