// An OpenAI-compatible HTTP API over any engine, as a fetch-style handler (Request in, Response out), so the
// same code serves Node (wgllm serve wraps it in node:http) and anything else that speaks fetch.
import type { Engine } from '../engine/engine.ts';
import { BadRequestError } from '../errors/errors.ts';
import { errorBodyOf, httpStatusOf } from '../errors/http-errors.ts';
import type { ChatCompletionCreateParams, CompletionCreateParams, ModelList } from '../openai-types.ts';
import { sseDone, sseEvent } from '../sse/sse.ts';

const corsHeaders = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...corsHeaders, 'Content-Type': 'application/json' },
  });
}

function errorResponse(error: unknown): Response {
  return json(errorBodyOf(error), httpStatusOf(error));
}

/** Streams each chunk as an SSE event; an error after the first byte becomes a last `error` event. */
function sse(chunks: AsyncIterable<unknown>): Response {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done) {
          controller.enqueue(encoder.encode(sseDone));
          controller.close();
        } else {
          controller.enqueue(encoder.encode(sseEvent(next.value)));
        }
      } catch (error) {
        controller.enqueue(encoder.encode(sseEvent(errorBodyOf(error)) + sseDone));
        controller.close();
      }
    },
    // The client went away: leaving the iteration aborts the request.
    async cancel() {
      await iterator.return?.();
    },
  });
  return new Response(body, {
    headers: { ...corsHeaders, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' },
  });
}

async function jsonBody(request: Request): Promise<Record<string, unknown>> {
  try {
    const body: unknown = await request.json();
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return body as Record<string, unknown>;
  } catch {
    // Answered below, as for any other non-object body.
  }
  throw new BadRequestError('the request body must be a JSON object');
}

export interface OpenAIHandlerOptions {
  /** `owned_by` in /v1/models. */
  owner?: string;
}

export function openAIHandler(
  engine: Engine,
  options: OpenAIHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const started = Math.floor(Date.now() / 1000);
  const owner = options.owner ?? 'wgllm';

  const routes: Record<string, (request: Request) => Promise<Response>> = {
    'GET /v1/models': async () => {
      const models = await engine.models();
      const list: ModelList = {
        object: 'list',
        data: models.map(({ id }) => ({ id, object: 'model', created: started, owned_by: owner })),
      };
      return json(list);
    },
    'POST /v1/chat/completions': async (request) => {
      const params = { ...(await jsonBody(request)), signal: request.signal } as ChatCompletionCreateParams;
      const result = await engine.chat.completions.create(params);
      return Symbol.asyncIterator in result ? sse(result) : json(result);
    },
    'POST /v1/completions': async (request) => {
      const params = { ...(await jsonBody(request)), signal: request.signal } as CompletionCreateParams;
      const result = await engine.completions.create(params);
      return Symbol.asyncIterator in result ? sse(result) : json(result);
    },
    // llama.cpp's shapes: {content, add_special} -> {tokens}; {tokens} -> {content}.
    'POST /tokenize': async (request) => {
      const { content, add_special, model } = await jsonBody(request);
      if (typeof content !== 'string')
        throw new BadRequestError('content must be a string', { param: 'content' });
      const options = {
        addSpecial: add_special === true,
        ...(typeof model === 'string' ? { model } : {}),
      };
      return json({ tokens: await engine.tokenize(content, options) });
    },
    'POST /detokenize': async (request) => {
      const { tokens, model } = await jsonBody(request);
      if (!Array.isArray(tokens)) throw new BadRequestError('tokens must be an array', { param: 'tokens' });
      return json({ content: await engine.detokenize(tokens, typeof model === 'string' ? { model } : {}) });
    },
  };

  return async (request) => {
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders });
    const route = routes[`${request.method} ${new URL(request.url).pathname.replace(/\/+$/, '')}`];
    if (!route)
      return json(
        { error: { message: 'not found', type: 'invalid_request_error', code: null, param: null } },
        404,
      );
    try {
      return await route(request);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
