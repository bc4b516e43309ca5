import { once } from 'node:events';
import { openAsBlob } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_QUEUE,
  type EngineCoreOptions,
  inThreadEngine,
  type ModelInput,
} from '@wgllm/api/node';
import { checkServeOptions, type ServeOptions, serveOpenAI } from '@wgllm/api/node-server';
import { create, globals } from 'webgpu';
import type { Command } from '../command.ts';
import { numberFlag } from '../number-flag.ts';

const options = {
  port: { type: 'string', default: '8080' },
  host: { type: 'string', default: '127.0.0.1' },
  ctx: { type: 'string' },
  sequences: { type: 'string' },
  id: { type: 'string' },
  cpu: { type: 'boolean' },
  'api-key': { type: 'string' },
  cors: { type: 'string', multiple: true },
  'allowed-host': { type: 'string', multiple: true },
  'max-queue': { type: 'string' },
  'max-body': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const usage =
  '<model.gguf|url> [--port P] [--host ADDR] [--api-key KEY] [--cors ORIGIN]... [--allowed-host NAME]... ' +
  '[--max-queue N] [--max-body BYTES] [--ctx N] [--sequences N] [--id NAME] [--cpu]';

const help = `usage: wgllm serve ${usage}

Serves a model over an OpenAI-compatible HTTP API: /v1/models, /v1/chat/completions, /v1/completions (SSE
when "stream": true), /tokenize, /detokenize, /health and /metrics (Prometheus text; JSON with
Accept: application/json).

  --port P            port (default 8080; 0 picks a free one)
  --host ADDR         address to bind (default 127.0.0.1); any address beyond loopback needs --api-key
  --api-key KEY       require "Authorization: Bearer KEY" on every route but /health (default: $WGLLM_API_KEY)
  --cors ORIGIN       let web pages from ORIGIN (e.g. http://localhost:5173) call the server; repeat or
                      separate with commas; '*' allows every page. Default: none; other pages are refused
  --allowed-host NAME answer requests for Host NAME too (default: loopback names, IP literals and --host;
                      others are refused against DNS rebinding); repeat or separate with commas
  --max-queue N       generation requests that may wait while one runs (default ${DEFAULT_MAX_QUEUE}); more get 429
                      with Retry-After
  --max-body BYTES    largest request body (default ${DEFAULT_MAX_BODY_BYTES}); larger ones get 413
  --ctx N             KV cache length, tokens (default: the model's, capped by the runtime)
  --sequences N       conversations whose earlier turns stay cached (KV caches, each made on first use;
                      default: up to 4 within 1 GiB); a request reuses the longest cached prefix of its prompt
  --id NAME           the model's name in requests (default: the file name without .gguf)
  --cpu               run on the f32 CPU reference instead of WebGPU (tiny models, tests)

Requests run one at a time in arrival order; a client that disconnects stops its generation at the next token.
`;

/** Repeated flags, each of which may hold a comma-separated list. */
const listFlag = (values: readonly string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

function modelInput(location: string): Promise<ModelInput> | ModelInput {
  if (/^https?:\/\//i.test(location)) return location;
  return openAsBlob(resolve(location)).then((blob) => new File([blob], location));
}

export const serveCommand: Command = {
  summary: 'serve a model over an OpenAI-compatible HTTP API (wgllm serve --help for the flags)',
  usage,
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
    if (values.help) {
      io.out(help);
      return 0;
    }
    const [location] = positionals;
    if (location === undefined || positionals.length > 1) {
      io.err(`usage: wgllm serve ${usage}\n`);
      return 1;
    }
    const apiKey = values['api-key'] ?? process.env.WGLLM_API_KEY;
    const serveOptions: ServeOptions = {
      host: values.host,
      port: numberFlag(values.port, 'port', 8080),
      maxQueue: numberFlag(values['max-queue'], 'max-queue', DEFAULT_MAX_QUEUE),
      maxBodyBytes: numberFlag(values['max-body'], 'max-body', DEFAULT_MAX_BODY_BYTES),
      corsOrigins: listFlag(values.cors),
      allowedHosts: listFlag(values['allowed-host']),
      onError: (error) => io.err(`wgllm serve: ${String(error)}\n`),
      ...(apiKey ? { apiKey } : {}),
    };
    checkServeOptions(serveOptions); // before the model loads
    const engineOptions: EngineCoreOptions = { onWarning: (w) => io.err(`${w}\n`) };
    if (values.cpu) engineOptions.backend = 'cpu';
    else {
      // Dawn in Node: the engine uses GPUBufferUsage & co. as globals, as in a browser. The GPU object is
      // held by the engine for its lifetime (a collected instance crashes Dawn).
      Object.assign(globalThis, globals);
      engineOptions.gpu = create([]);
    }
    const engine = inThreadEngine(engineOptions);
    try {
      const info = await engine.load(await modelInput(location), {
        ...(values.ctx === undefined ? {} : { contextLength: numberFlag(values.ctx, 'ctx', 0) }),
        ...(values.sequences === undefined
          ? {}
          : { sequences: numberFlag(values.sequences, 'sequences', 1) }),
        ...(values.id === undefined ? {} : { id: values.id }),
      });
      const server = await serveOpenAI(engine, serveOptions);
      io.out(`wgllm serve: ${info.id} on ${server.baseURL}\n`);
      await Promise.race([once(process, 'SIGINT'), once(process, 'SIGTERM')]);
      await server.close();
    } finally {
      await engine.dispose();
    }
    return 0;
  },
};
