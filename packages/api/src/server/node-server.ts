// openAIHandler on node:http: bodies stream into the handler (which enforces the size limit), answers stream
// out with back-pressure, and a client that disconnects aborts its request's signal, so its generation stops
// at the next token and the next request in the queue starts.
// Node-only (the export @wgllm/api/node-server): the package's DOM-only typecheck leaves it out; its Node
// importers (the CLI, tests, bench) check it.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import type { Engine } from '../engine/engine.ts';
import { BadRequestError } from '../errors/errors.ts';
import { AdmissionQueue } from './admission-queue.ts';
import { CorsPolicy } from './cors.ts';
import { HostCheck, hostName, isLoopbackHost } from './host-check.ts';
import { DEFAULT_MAX_QUEUE, type OpenAIHandlerOptions, openAIHandler } from './openai-handler.ts';

const DEFAULT_HOST = '127.0.0.1';

export interface ServeOptions extends OpenAIHandlerOptions {
  /** The address to bind; default 127.0.0.1. Any other than loopback needs `apiKey`. */
  host?: string;
  /** Default 8080; 0 picks a free port. */
  port?: number;
  /** Told about failures that end a connection without an answer. */
  onError?: (error: unknown) => void;
}

export interface OpenAIServer {
  /** The API's base URL, e.g. http://127.0.0.1:8080/v1. */
  baseURL: string;
  port: number;
  /** Stops listening, ends open connections (aborting their requests) and waits for the socket to close. */
  close(): Promise<void>;
}

/**
 * Throws on options serveOpenAI would refuse, so a caller can check them before loading a model: binding
 * beyond loopback without an API key (anyone who can reach the port could run the model), a malformed CORS
 * origin or host name, a bad queue bound.
 */
export function checkServeOptions(options: ServeOptions): void {
  const host = options.host ?? DEFAULT_HOST;
  if (!isLoopbackHost(host) && !options.apiKey) {
    throw new BadRequestError(
      `refusing to serve on ${host} without an API key: any machine that can reach it could run the model. ` +
        'Set --api-key (or WGLLM_API_KEY), or bind 127.0.0.1.',
      { param: 'host' },
    );
  }
  new CorsPolicy(options.corsOrigins);
  new HostCheck(options.allowedHosts);
  new AdmissionQueue(1, options.maxQueue ?? DEFAULT_MAX_QUEUE);
}

/** node:http request -> fetch Request; the body stays a stream. */
function toFetchRequest(req: IncomingMessage, fallbackHost: string, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, v);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(new URL(req.url ?? '/', `http://${req.headers.host ?? fallbackHost}`), {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  });
}

/** fetch Response -> node:http response, streaming the body (SSE) with back-pressure. */
async function sendFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  // However the connection ends, the body is cancelled: a stream holds its request's queue slot until then.
  const reader = response.body?.getReader();
  res.on('close', () => void reader?.cancel().catch(() => undefined));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!reader) {
    res.end();
    return;
  }
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    if (!res.write(value)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  }
  res.end();
}

export async function serveOpenAI(engine: Engine, options: ServeOptions = {}): Promise<OpenAIServer> {
  checkServeOptions(options);
  const { host = DEFAULT_HOST, port = 8080, onError, ...handlerOptions } = options;
  // The name the server was bound to is its own, besides loopback names and IP literals.
  const boundName = hostName(host);
  const allowedHosts = [...(handlerOptions.allowedHosts ?? []), ...(boundName ? [boundName] : [])];
  const handle = openAIHandler(engine, { ...handlerOptions, allowedHosts });
  const server = createServer((req, res) => {
    // A client that goes away aborts its request; the engine moves on to the next.
    const controller = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) controller.abort();
    });
    Promise.resolve()
      .then(() => handle(toFetchRequest(req, host, controller.signal)))
      .then((response) => sendFetchResponse(res, response))
      .catch((error: unknown) => {
        onError?.(error);
        if (!res.headersSent) res.writeHead(400);
        res.end();
      });
  });
  server.listen(port, host);
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error)),
  ]);
  const { port: boundPort } = server.address() as AddressInfo;
  return {
    baseURL: `http://${boundName ?? host}:${boundPort}/v1`,
    port: boundPort,
    async close() {
      const closed = once(server, 'close');
      server.close();
      server.closeAllConnections();
      await closed;
    },
  };
}
