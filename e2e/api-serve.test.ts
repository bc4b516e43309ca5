// `wgllm serve` on loopback, driven by the official openai client and by createEngine({ remote }).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { fileURLToPath } from 'node:url';
import { AbortedError, BadRequestError, createEngine, type Engine } from '@wgllm/api';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../packages/cli/bin/wgllm.mjs', import.meta.url));
/** shared/ sits beside the repository. */
const modelPath = fileURLToPath(new URL('../../shared/models/stories260K.gguf', import.meta.url));

interface Served {
  process: ChildProcess;
  baseURL: string;
}

/**
 * `wgllm serve` on the CPU reference, once it prints its URL. This tests the HTTP API; WebGPU generation is
 * covered by the runtime's tests (on SwiftShader a WebGPU serve takes minutes for these requests).
 */
async function serve(...flags: string[]): Promise<Served> {
  const child = spawn(process.execPath, [cli, 'serve', modelPath, '--port', '0', '--cpu', ...flags], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const url = /on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out)?.[1];
    if (url) return { process: child, baseURL: url };
  }
  throw new Error(`wgllm serve did not start: ${out}`);
}

async function stop({ process: child }: Served): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

let server: Served;
let baseURL: string;

beforeAll(async () => {
  server = await serve();
  baseURL = server.baseURL;
}, 120_000);

afterAll(() => server && stop(server));

const messages = [{ role: 'user' as const, content: 'Once upon a time' }];

describe('openai client against wgllm serve', () => {
  const client = () => new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0 });

  it('lists the model', async () => {
    const models = await client().models.list();
    expect(models.data.map((m) => m.id)).toEqual(['stories260K']);
  });

  it('gets a chat completion with usage', async () => {
    const completion = await client().chat.completions.create({
      model: 'stories260K',
      messages,
      max_tokens: 10,
      temperature: 0,
    });
    expect(completion.choices[0]!.finish_reason).toBe('length');
    expect(completion.choices[0]!.message.content).toMatch(/\w/);
    expect(completion.usage).toMatchObject({
      completion_tokens: 10,
      total_tokens: completion.usage!.prompt_tokens + 10,
    });
  });

  it('streams the same chat completion', async () => {
    const params = { model: 'stories260K', messages, max_tokens: 10, temperature: 0 };
    const whole = await client().chat.completions.create(params);
    const stream = await client().chat.completions.create({ ...params, stream: true });
    let text = '';
    let pieces = 0;
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        text += delta;
        pieces++;
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(whole.choices[0]!.message.content);
    expect(pieces).toBeGreaterThan(3);
    expect(finish).toBe('length');
    // The prompt was just prefilled: all of it but its last token comes from the cache.
    expect(usage!.prompt_tokens_details!.cached_tokens).toBe(usage!.prompt_tokens - 1);
  });

  it('gets a 400 for bad parameters', async () => {
    await expect(
      client().chat.completions.create({ model: 'stories260K', messages, temperature: 7 }),
    ).rejects.toMatchObject({ status: 400 });
  });
});

describe('createEngine({ remote }) against wgllm serve', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = createEngine({ remote: { baseURL } });
  });

  it('streams and completes like a local engine, with the same seed giving the same text', async () => {
    const params = {
      model: 'stories260K',
      prompt: 'Once upon a time',
      max_tokens: 12,
      temperature: 1,
      seed: 5,
    };
    const whole = await engine.completions.create(params);
    let text = '';
    let usage: unknown;
    for await (const chunk of await engine.completions.create({ ...params, stream: true })) {
      text += chunk.choices[0]?.text ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(text).toBe(whole.choices[0]!.text);
    const prompt = whole.usage.prompt_tokens;
    expect(usage).toMatchObject({
      completion_tokens: 12,
      prompt_tokens_details: { cached_tokens: prompt - 1 },
    });
    expect(await engine.detokenize(await engine.tokenize(text, { addSpecial: false }))).toBe(text);
  });

  it('ends an aborted stream with finish_reason "abort", and the server serves the next request', async () => {
    const controller = new AbortController();
    const stream = await engine.chat.completions.create({
      model: 'stories260K',
      messages,
      max_tokens: 200,
      temperature: 0,
      stream: true,
      signal: controller.signal,
    });
    const finishes: (string | null)[] = [];
    let pieces = 0;
    for await (const chunk of stream) {
      if (chunk.choices[0]?.delta.content && ++pieces === 2) controller.abort();
      finishes.push(chunk.choices[0]?.finish_reason ?? null);
    }
    expect(finishes.at(-1)).toBe('abort');
    const next = await engine.chat.completions.create({ model: 'stories260K', messages, max_tokens: 3 });
    expect(next.usage.completion_tokens).toBe(3);
  });

  it('rebuilds typed errors from the server', async () => {
    await expect(engine.completions.create({ model: 'x', prompt: 'a', top_p: 3 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    const controller = new AbortController();
    controller.abort();
    await expect(
      engine.completions.create({ model: 'x', prompt: 'a', signal: controller.signal }),
    ).rejects.toBeInstanceOf(AbortedError);
  });
});

describe('wgllm serve, safe by default', () => {
  let keyed: Served;
  beforeAll(async () => {
    keyed = await serve('--api-key', 'sesame');
  }, 120_000);
  afterAll(() => keyed && stop(keyed));

  it('answers a wrong key with 401 and the right one with a completion', async () => {
    const wrong = new OpenAI({ baseURL: keyed.baseURL, apiKey: 'open-sesame', maxRetries: 0 });
    await expect(wrong.models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    const right = new OpenAI({ baseURL: keyed.baseURL, apiKey: 'sesame', maxRetries: 0 });
    const completion = await right.completions.create({
      model: 'stories260K',
      prompt: 'Once',
      max_tokens: 3,
    });
    expect(completion.usage?.completion_tokens).toBe(3);
  });

  it('gives a page from another origin no CORS grant, and refuses a foreign Host', async () => {
    const evil = await fetch(`${baseURL}/models`, { headers: { origin: 'https://evil.example' } });
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    // fetch cannot set Host: a raw request, as a browser on a rebound evil.example would send it.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest(`${baseURL}/models`, { headers: { host: 'evil.example' } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on('error', reject).end();
    });
    expect(status).toBe(403);
  });

  it('refuses to bind 0.0.0.0 without --api-key, with a clear message', () => {
    const refused = spawnSync(process.execPath, [cli, 'serve', modelPath, '--cpu', '--host', '0.0.0.0'], {
      encoding: 'utf8',
      env: { ...process.env, WGLLM_API_KEY: '' },
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/refusing to serve on 0\.0\.0\.0 without an API key/);
  });
});
