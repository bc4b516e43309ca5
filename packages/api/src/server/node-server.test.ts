// serveOpenAI on 127.0.0.1 over a scripted engine (timed words, no model): the queue bound, disconnects,
// body limits, the API key, CORS, the Host check, startup refusal, /health and /metrics.
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BadRequestError } from '../errors/errors.ts';
import { readSseJson } from '../sse/sse.ts';
import { type ScriptedEngine, scriptedEngine } from '../testing/scripted-engine.ts';
import { checkServeOptions, type OpenAIServer, type ServeOptions, serveOpenAI } from './node-server.ts';

let server: OpenAIServer | undefined;
let engine: ScriptedEngine;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: ServeOptions = {}, tokenMs = 5): Promise<string> {
  engine = scriptedEngine(tokenMs);
  server = await serveOpenAI(engine, { port: 0, ...options });
  return `http://127.0.0.1:${server.port}`;
}

const completion = (prompt: string, extra: Record<string, unknown> = {}) => ({
  method: 'POST',
  body: JSON.stringify({ model: 'scripted', prompt, max_tokens: 4, ...extra }),
});

/** A raw HTTP request (fetch cannot set Host). */
function raw(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += String(chunk)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const until = async (condition: () => boolean | Promise<boolean>): Promise<void> => {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
};

const metricsOf = async (base: string) =>
  (await fetch(`${base}/metrics`, { headers: { accept: 'application/json' } })).json();

describe('serveOpenAI: load', () => {
  it('queues in arrival order, answers 429 with Retry-After past the bound, then serves again', async () => {
    const base = await start({ maxQueue: 2 }, 20);
    const url = `${base}/v1/completions`;
    const running = fetch(url, completion('first', { max_tokens: 6 }));
    await until(() => engine.runs.length === 1);
    const queued = [fetch(url, completion('second')), fetch(url, completion('third'))];
    await until(async () => (await metricsOf(base)).queueDepth === 2);
    const refused = await fetch(url, completion('fourth'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toMatchObject({
      error: { code: 'Overloaded', type: 'invalid_request_error' },
    });

    for (const response of await Promise.all([running, ...queued])) expect(response.status).toBe(200);
    expect(engine.runs.map((r) => [r.prompt, r.end])).toEqual([
      ['first', 'complete'],
      ['second', 'complete'],
      ['third', 'complete'],
    ]);
    expect((await fetch(url, completion('fifth'))).status).toBe(200);
  });

  it('stops a stream whose client disconnects at the next token, and serves the next request', async () => {
    const base = await start({}, 10);
    const controller = new AbortController();
    const response = await fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'scripted',
        messages: [{ role: 'user', content: 'long' }],
        max_tokens: 10_000,
        stream: true,
      }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await until(() => engine.runs[0]?.end !== undefined);
    expect(engine.runs[0]).toMatchObject({ prompt: 'long', end: 'aborted' });
    expect(engine.runs[0]!.tokens).toBeLessThan(100);

    const next = await fetch(`${base}/v1/completions`, completion('next', { stream: true }));
    const chunks = [];
    for await (const chunk of readSseJson(next.body!)) chunks.push(chunk);
    expect(chunks.at(-1)).toMatchObject({
      choices: [{ finish_reason: 'length' }],
      usage: { completion_tokens: 4 },
    });
  });

  it('stops a non-streamed request whose client disconnects', async () => {
    const base = await start({}, 10);
    const controller = new AbortController();
    const request = fetch(`${base}/v1/completions`, {
      ...completion('long', { max_tokens: 10_000 }),
      signal: controller.signal,
    }).catch((error: unknown) => error);
    await until(() => (engine.runs[0]?.tokens ?? 0) >= 2);
    controller.abort();
    expect(await request).toBeInstanceOf(Error);
    await until(() => engine.runs[0]?.end !== undefined);
    expect(engine.runs[0]).toMatchObject({ prompt: 'long', end: 'aborted' });
    const next = await fetch(`${base}/v1/completions`, completion('next'));
    expect(await next.json()).toMatchObject({ usage: { completion_tokens: 4 } });
  });

  it('reports queue, statuses, tokens and TTFT on /metrics, and models on /health', async () => {
    const base = await start({ maxQueue: 0 }, 5);
    const url = `${base}/v1/completions`;
    const streamed = await fetch(url, completion('a', { stream: true }));
    const refused = await fetch(url, completion('b'));
    await streamed.text();
    expect(refused.status).toBe(429);
    expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', models: ['scripted'] });

    const metrics = await metricsOf(base);
    expect(metrics).toMatchObject({
      queueDepth: 0,
      inFlight: 0,
      requestsByStatus: { 200: 2, 429: 1 },
      generatedTokens: 4,
      timeToFirstToken: { count: 1 },
    });
    expect(metrics.tokensPerSecond).toBeGreaterThan(0);
    expect(metrics.timeToFirstToken.p50).toBeGreaterThan(0);
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toContain('wgllm_requests_total{status="429"} 1\n');
    expect(text).toMatch(/wgllm_time_to_first_token_seconds\{quantile="0.5"\} [\d.]+\n/);
  });
});

describe('serveOpenAI: bad requests', () => {
  it('answers 413 past the body limit, declared or streamed, and 400 for bad JSON or fields', async () => {
    const base = await start({ maxBodyBytes: 1000 });
    const url = `${base}/v1/completions`;
    const big = await fetch(url, completion('x'.repeat(2000)));
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ error: { code: 'request_too_large', message: /1000 bytes/ } });
    const chunked = await fetch(url, {
      method: 'POST',
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 4; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(400)));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);

    const notJson = await fetch(url, { method: 'POST', body: '{"prompt": ' });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({
      error: { code: 'BadRequest', type: 'invalid_request_error', message: /not JSON/ },
    });
    const badStream = await fetch(url, completion('a', { stream: 'yes' }));
    expect(await badStream.json()).toMatchObject({ error: { code: 'BadRequest', param: 'stream' } });
    expect((await fetch(url, { method: 'POST', body: '[1]' })).status).toBe(400);
    expect(engine.runs).toEqual([]);
  });
});

describe('serveOpenAI: safe by default', () => {
  it('needs the API key on every route but /health', async () => {
    const base = await start({ apiKey: 'sesame' });
    const url = `${base}/v1/completions`;
    const missing = await fetch(url, completion('a'));
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    const wrong = await fetch(url, { ...completion('a'), headers: { authorization: 'Bearer sesam' } });
    expect(wrong.status).toBe(401);
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const right = await fetch(url, { ...completion('a'), headers: { authorization: 'Bearer sesame' } });
    expect(right.status).toBe(200);
    expect(engine.runs.map((r) => r.prompt)).toEqual(['a']);
  });

  it('grants CORS to listed origins only, and refuses other pages', async () => {
    const base = await start({ corsOrigins: ['http://localhost:5173'] });
    const models = `${base}/v1/models`;
    const listed = await fetch(models, { headers: { origin: 'http://localhost:5173' } });
    expect(listed.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const preflight = await fetch(models, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type, x-stainless-os',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-stainless-os');

    const evil = await fetch(`${base}/v1/completions`, {
      ...completion('a'),
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const evilPreflight = await fetch(models, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(evilPreflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(engine.runs).toEqual([]);
  });

  it('grants no origin without --cors', async () => {
    const base = await start();
    const response = await fetch(`${base}/v1/models`, { headers: { origin: 'http://localhost:5173' } });
    expect(response.status).toBe(403);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a Host that is not its own (DNS rebinding), unless allowed', async () => {
    const base = await start({ allowedHosts: ['wgllm.lan'] });
    const port = server!.port;
    const evil = await raw(`${base}/v1/models`, { host: `evil.example:${port}` });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.body)).toMatchObject({ error: { code: 'host_not_allowed' } });
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `wgllm.lan:${port}`])
      expect((await raw(`${base}/v1/models`, { host })).status).toBe(200);
  });

  it('refuses to bind beyond loopback without an API key, before listening', async () => {
    expect(() => checkServeOptions({ host: '0.0.0.0' })).toThrow(BadRequestError);
    await expect(serveOpenAI(scriptedEngine(), { host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /refusing to serve on 0\.0\.0\.0 without an API key/,
    );
    for (const host of ['127.0.0.1', 'localhost', '::1', '127.0.0.2'])
      expect(() => checkServeOptions({ host })).not.toThrow();
    expect(() => checkServeOptions({ host: '0.0.0.0', apiKey: 'k' })).not.toThrow();
    expect(() => checkServeOptions({ corsOrigins: ['localhost:5173'] })).toThrow(/not an origin/);
  });
});
