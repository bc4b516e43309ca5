// `wgllm serve` on loopback, driven by the official openai client and by createEngine({ remote }).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { AbortedError, BadRequestError, createEngine, type Engine } from '@wgllm/api';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const cli = fileURLToPath(new URL('../packages/cli/bin/wgllm.mjs', import.meta.url));
/** shared/ sits beside the repository. */
const modelPath = fileURLToPath(new URL('../../shared/models/stories260K.gguf', import.meta.url));
let server: ChildProcess;
let baseURL: string;

beforeAll(async () => {
  // The CPU reference backend: this tests the HTTP API; WebGPU generation is covered by the runtime's tests
  // (on SwiftShader a WebGPU serve takes minutes for these requests).
  server = spawn(process.execPath, [cli, 'serve', modelPath, '--port', '0', '--cpu'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of server.stdout!) {
    out += String(chunk);
    const url = /on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out)?.[1];
    if (url) {
      baseURL = url;
      break;
    }
  }
  if (!baseURL) throw new Error(`wgllm serve did not start: ${out}`);
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = once(server, 'exit');
    server.kill('SIGTERM');
    await exited;
  }
});

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
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta.content;
      if (delta) {
        text += delta;
        pieces++;
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(text).toBe(whole.choices[0]!.message.content);
    expect(pieces).toBeGreaterThan(3);
    expect(finish).toBe('length');
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
    expect(usage).toMatchObject({ completion_tokens: 12 });
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
