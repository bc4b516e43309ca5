// An OpenAI-compatible HTTP API over any engine, as a fetch-style handler (Request in, Response out), so the
// same code serves Node (wgllm serve wraps it in node:http) and anything else that speaks fetch.
// Every request passes, in order: the Host check (DNS rebinding), the Origin check (CORS, off by default),
// the API key (when one is set; /health is open), then its route. Generation requests also pass a bounded
// queue: past its bound they get 429 with Retry-After.
import type { Engine } from '../engine/engine.ts';
import { BadRequestError } from '../errors/errors.ts';
import type {
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  CompletionChunk,
  CompletionCreateParams,
  ModelList,
} from '../openai-types.ts';
import { AdmissionQueue } from './admission-queue.ts';
import { ApiKeyCheck } from './api-key.ts';
import { CorsPolicy } from './cors.ts';
import { HostCheck } from './host-check.ts';
import { readJsonObject } from './json-body.ts';
import { errorResponse, json, RefusedRequest } from './responses.ts';
import { prometheusText, ServerMetrics } from './server-metrics.ts';
import { sseResponse } from './sse-response.ts';

export interface OpenAIHandlerOptions {
  /** `owned_by` in /v1/models. */
  owner?: string;
  /** When set, every route but /health needs `Authorization: Bearer <apiKey>` (else 401). */
  apiKey?: string;
  /** Origins whose pages may call the server (scheme://host[:port]; '*' for any). Default: none. */
  corsOrigins?: readonly string[];
  /** Host names answered besides loopback names and IP literals ('*' for any). */
  allowedHosts?: readonly string[];
  /** Generation requests that may wait while one runs; more get 429. Default 32. */
  maxQueue?: number;
  /** Largest request body, bytes; larger ones get 413. Default 4 MiB. */
  maxBodyBytes?: number;
}

export const DEFAULT_MAX_QUEUE = 32;
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

type Route = (request: Request, arrivedMs: number) => Promise<Response>;
type Chunk = ChatCompletionChunk | CompletionChunk;
/** What `create` gives for params of either endpoint: a whole completion, or its chunks. */
type Created =
  | Awaited<ReturnType<Engine['chat']['completions']['create']>>
  | Awaited<ReturnType<Engine['completions']['create']>>;

const chunkText = (chunk: Chunk): string | null | undefined => {
  const choice = chunk.choices[0];
  return choice && ('delta' in choice ? choice.delta.content : choice.text);
};

function streamFlag(body: Record<string, unknown>): void {
  if (body.stream !== undefined && body.stream !== null && typeof body.stream !== 'boolean')
    throw new BadRequestError('stream must be a boolean', { param: 'stream' });
}

export function openAIHandler(
  engine: Engine,
  options: OpenAIHandlerOptions = {},
): (request: Request) => Promise<Response> {
  const started = Math.floor(Date.now() / 1000);
  const owner = options.owner ?? 'wgllm';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const hosts = new HostCheck(options.allowedHosts);
  const cors = new CorsPolicy(options.corsOrigins);
  const apiKey = options.apiKey === undefined ? undefined : new ApiKeyCheck(options.apiKey);
  // One request runs at a time: one model, one KV cache (the engine would serialize them anyway).
  const queue = new AdmissionQueue(1, options.maxQueue ?? DEFAULT_MAX_QUEUE);
  const metrics = new ServerMetrics(queue);

  /** Runs a generation in its turn; a stream holds the turn until it ends or its client goes away. */
  const generation =
    <P>(create: (params: P) => Promise<Created>): Route =>
    async (request, arrivedMs) => {
      const body = await readJsonObject(request, maxBodyBytes);
      streamFlag(body);
      const release = await queue.acquire(request.signal);
      let handedOver = false;
      try {
        const result = await create({ ...body, signal: request.signal } as P);
        if (!(Symbol.asyncIterator in result)) {
          metrics.generated(result.usage.completion_tokens);
          if (result.choices[0]?.finish_reason === 'abort') metrics.clientGone();
          return json(result);
        }
        let firstText = true;
        let counted = 0;
        handedOver = true;
        return sseResponse<Chunk>(result, {
          onChunk(chunk) {
            if (chunkText(chunk)) {
              if (firstText) metrics.firstToken(performance.now() - arrivedMs);
              firstText = false;
              counted++;
              metrics.generated(1);
            }
            // The last chunk's usage has the exact count (a text piece may hold more than one token).
            if (chunk.usage) metrics.generated(chunk.usage.completion_tokens - counted);
          },
          onEnd(end) {
            release();
            if (end === 'cancelled') metrics.clientGone();
          },
        });
      } finally {
        if (!handedOver) release();
      }
    };

  const routes: Record<string, Route> = {
    'GET /health': async () => json({ status: 'ok', models: (await engine.models()).map(({ id }) => id) }),
    'GET /metrics': async (request) => {
      const snapshot = metrics.snapshot();
      if (request.headers.get('accept')?.includes('application/json')) return json(snapshot);
      return new Response(prometheusText(snapshot), {
        headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' },
      });
    },
    'GET /v1/models': async () => {
      const models = await engine.models();
      const list: ModelList = {
        object: 'list',
        data: models.map(({ id }) => ({ id, object: 'model', created: started, owned_by: owner })),
      };
      return json(list);
    },
    'POST /v1/chat/completions': generation((params: ChatCompletionCreateParams) =>
      engine.chat.completions.create(params),
    ),
    'POST /v1/completions': generation((params: CompletionCreateParams) => engine.completions.create(params)),
    // llama.cpp's shapes: {content, add_special} -> {tokens}; {tokens} -> {content}.
    'POST /tokenize': async (request) => {
      const { content, add_special, model } = await readJsonObject(request, maxBodyBytes);
      if (typeof content !== 'string')
        throw new BadRequestError('content must be a string', { param: 'content' });
      const tokenizeOptions = {
        addSpecial: add_special === true,
        ...(typeof model === 'string' ? { model } : {}),
      };
      return json({ tokens: await engine.tokenize(content, tokenizeOptions) });
    },
    'POST /detokenize': async (request) => {
      const { tokens, model } = await readJsonObject(request, maxBodyBytes);
      if (!Array.isArray(tokens)) throw new BadRequestError('tokens must be an array', { param: 'tokens' });
      return json({ content: await engine.detokenize(tokens, typeof model === 'string' ? { model } : {}) });
    },
  };
  const openRoutes = new Set(['GET /health']);

  async function answer(request: Request, arrivedMs: number): Promise<Response> {
    const url = new URL(request.url);
    if (!hosts.allows(url.host)) {
      throw new RefusedRequest(
        403,
        'host_not_allowed',
        `this server does not answer for the host "${url.hostname}" (allow it with --allowed-host ${url.hostname})`,
      );
    }
    const origin = request.headers.get('origin');
    if (!cors.allows(origin, url.origin)) {
      throw new RefusedRequest(
        403,
        'origin_not_allowed',
        `pages from ${origin} may not call this server (allow them with --cors ${origin})`,
      );
    }
    if (request.method === 'OPTIONS') return cors.preflight(request);
    const response = await routed(request, url, arrivedMs).catch(errorResponse);
    // A listed origin's page may read every answer, errors included.
    for (const [name, value] of Object.entries(cors.grantHeaders(origin))) response.headers.set(name, value);
    return response;
  }

  async function routed(request: Request, url: URL, arrivedMs: number): Promise<Response> {
    const key = `${request.method} ${url.pathname.replace(/\/+$/, '')}`;
    const route = routes[key];
    if (!route) throw new RefusedRequest(404, 'not_found', `no route for ${request.method} ${url.pathname}`);
    if (apiKey && !openRoutes.has(key) && !(await apiKey.allows(request))) {
      throw new RefusedRequest(401, 'invalid_api_key', 'a missing or wrong API key (Authorization: Bearer)', {
        'WWW-Authenticate': 'Bearer',
      });
    }
    return route(request, arrivedMs);
  }

  return async (request) => {
    const response = await answer(request, performance.now()).catch(errorResponse);
    metrics.response(response.status);
    return response;
  };
}
