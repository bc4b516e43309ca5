import { once } from 'node:events';
import { openAsBlob } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type EngineCoreOptions, inThreadEngine, type ModelInput, openAIHandler } from '@wgllm/api/node';
import { create, globals } from 'webgpu';
import type { Command } from '../command.ts';

const options = {
  port: { type: 'string', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
  ctx: { type: 'string' },
  id: { type: 'string' },
  cpu: { type: 'boolean' },
} as const;

/** node:http request -> fetch Request (the body is read whole: API requests are small JSON). */
async function toFetchRequest(req: IncomingMessage, origin: string, signal: AbortSignal): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value])
      headers.append(name, v);
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : Buffer.concat(chunks);
  return new Request(new URL(req.url ?? '/', origin), { method: req.method ?? 'GET', headers, body, signal });
}

/** fetch Response -> node:http response, streaming the body (SSE) with back-pressure. */
async function sendFetchResponse(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => undefined));
  for (;;) {
    const { done, value } = await reader.read();
    if (done || res.destroyed) break;
    if (!res.write(value)) await once(res, 'drain');
  }
  res.end();
}

function modelInput(location: string): Promise<ModelInput> | ModelInput {
  if (/^https?:\/\//i.test(location)) return location;
  return openAsBlob(resolve(location)).then((blob) => new File([blob], location));
}

export const serveCommand: Command = {
  summary:
    'serve a model over an OpenAI-compatible HTTP API (/v1/models, /v1/chat/completions, /v1/completions)',
  usage:
    '<model.gguf|url> [--port P (8080; 0 picks a free one)] [--host 127.0.0.1] [--ctx N] [--id NAME] [--cpu]',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
    const [location] = positionals;
    const port = Number(values.port);
    if (location === undefined || positionals.length > 1 || !Number.isInteger(port)) {
      io.err(`usage: wgllm serve ${this.usage}\n`);
      return 1;
    }
    const engineOptions: EngineCoreOptions = { onWarning: (w) => io.err(`${w}\n`) };
    if (values.cpu) engineOptions.backend = 'cpu';
    else {
      // Dawn in Node: the engine uses GPUBufferUsage & co. as globals, as in a browser. The GPU object is
      // held by the engine for its lifetime (a collected instance crashes Dawn).
      Object.assign(globalThis, globals);
      engineOptions.gpu = create([]);
    }
    const engine = inThreadEngine(engineOptions);
    const info = await engine.load(await modelInput(location), {
      ...(values.ctx === undefined ? {} : { contextLength: Number(values.ctx) }),
      ...(values.id === undefined ? {} : { id: values.id }),
    });
    const handle = openAIHandler(engine);
    const server = createServer((req, res) => {
      // A client that goes away aborts its request; the engine moves on to the next.
      const controller = new AbortController();
      res.on('close', () => {
        if (!res.writableFinished) controller.abort();
      });
      toFetchRequest(req, `http://${req.headers.host ?? values.host}`, controller.signal)
        .then(handle)
        .then((response) => sendFetchResponse(res, response))
        .catch((error: unknown) => {
          io.err(`wgllm serve: ${String(error)}\n`);
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
    });
    server.listen(port, values.host);
    await once(server, 'listening');
    const address = server.address() as AddressInfo;
    io.out(`wgllm serve: ${info.id} on http://${values.host}:${address.port}/v1\n`);

    await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
    server.closeAllConnections();
    server.close();
    await engine.dispose();
    return 0;
  },
};
