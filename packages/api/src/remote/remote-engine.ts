// The Engine interface over any OpenAI-compatible server (wgllm serve, llama.cpp's server, vLLM): fetch for
// requests, SSE for streams. Aborting a stream ends it with a last chunk whose finish_reason is 'abort', as
// local engines do; aborting a non-streamed request rejects with AbortedError (the server keeps no partial).
import type { Engine } from '../engine/engine.ts';
import type { OpenAISurface } from '../engine/openai-surface.ts';
import { AbortedError, NetworkError } from '../errors/errors.ts';
import { errorFromResponse } from '../errors/http-errors.ts';
import type { ModelList, RequestOptions } from '../openai-types.ts';
import { readSseJson } from '../sse/sse.ts';

export interface RemoteEngineOptions {
  /** The API root, e.g. "http://127.0.0.1:8080/v1". */
  baseURL: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

interface StreamChunk {
  id: string;
  object: string;
  created: number;
  model: string;
  choices: ({ index: number; finish_reason: string | null } & Record<string, unknown>)[];
}

/** The chunk local engines end an aborted stream with, built from the last chunk received. */
function abortChunk(last: StreamChunk): StreamChunk & { usage: null } {
  const choice = last.object === 'chat.completion.chunk' ? { delta: {} } : { text: '' };
  return { ...last, choices: [{ index: 0, ...choice, finish_reason: 'abort', logprobs: null }], usage: null };
}

export function remoteEngine(options: RemoteEngineOptions): Engine {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseURL.replace(/\/+$/, '');
  /** llama.cpp and vLLM serve /tokenize and /detokenize beside /v1, not under it. */
  const root = base.replace(/\/v1$/, '');
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...options.headers };
  if (options.apiKey) headers.Authorization = `Bearer ${options.apiKey}`;

  async function request(url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const init: RequestInit =
      body === undefined ? { headers } : { method: 'POST', headers, body: JSON.stringify(body) };
    if (signal) init.signal = signal;
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch (error) {
      if (signal?.aborted) throw new AbortedError('the request was aborted', {}, { cause: error });
      throw new NetworkError(`${url}: ${String(error)}`, {}, { cause: error });
    }
    if (!response.ok) throw errorFromResponse(response.status, await response.json().catch(() => null));
    return response;
  }

  async function* stream(response: Response, signal?: AbortSignal): AsyncIterable<StreamChunk> {
    let last: StreamChunk | undefined;
    try {
      for await (const data of readSseJson(response.body!)) {
        const { error } = data as { error?: unknown };
        if (error) throw errorFromResponse(500, data);
        last = data as StreamChunk;
        yield last;
      }
    } catch (error) {
      if (!signal?.aborted) throw error;
    }
    if (signal?.aborted && last && last.choices[0]?.finish_reason == null) yield abortChunk(last);
  }

  const create =
    (path: string) =>
    async (params: RequestOptions & { stream?: boolean }): Promise<unknown> => {
      const { signal, ...body } = params;
      const response = await request(`${base}${path}`, body, signal);
      if (params.stream) return stream(response, signal);
      try {
        return await response.json();
      } catch (error) {
        if (signal?.aborted) throw new AbortedError('the request was aborted', {}, { cause: error });
        throw error;
      }
    };

  return {
    chat: {
      completions: { create: create('/chat/completions') as OpenAISurface['chat']['completions']['create'] },
    },
    completions: { create: create('/completions') as OpenAISurface['completions']['create'] },
    async models() {
      const list = (await (await request(`${base}/models`, undefined)).json()) as ModelList;
      return list.data;
    },
    async tokenize(text, tokenizeOptions = {}) {
      const body = {
        content: text,
        add_special: tokenizeOptions.addSpecial ?? true,
        model: tokenizeOptions.model,
      };
      const { tokens } = (await (await request(`${root}/tokenize`, body)).json()) as { tokens: number[] };
      return tokens;
    },
    async detokenize(ids, tokenizeOptions = {}) {
      const body = { tokens: ids, model: tokenizeOptions.model };
      const { content } = (await (await request(`${root}/detokenize`, body)).json()) as { content: string };
      return content;
    },
    async dispose() {},
  };
}
