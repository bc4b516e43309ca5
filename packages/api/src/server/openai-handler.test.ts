// The fetch-style handler on an in-thread CPU engine, called with Request objects (no network).
import { openAsBlob } from 'node:fs';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalEngine } from '../engine/engine.ts';
import { inThreadEngine } from '../engine/in-thread-engine.ts';
import { openAIHandler } from './openai-handler.ts';

let engine: LocalEngine;
let handle: (request: Request) => Promise<Response>;

beforeAll(async () => {
  engine = inThreadEngine({ backend: 'cpu' });
  await engine.load(await openAsBlob(sharedFixturePath('models/stories260K.gguf')), {
    id: 'tiny',
    contextLength: 64,
  });
  handle = openAIHandler(engine);
});
afterAll(() => engine.dispose());

const post = (path: string, body: unknown) =>
  handle(new Request(`http://127.0.0.1${path}`, { method: 'POST', body: JSON.stringify(body) }));

describe('openAIHandler', () => {
  it('lists models and answers 404 elsewhere', async () => {
    const models = await handle(new Request('http://127.0.0.1/v1/models'));
    expect(await models.json()).toMatchObject({ object: 'list', data: [{ id: 'tiny', object: 'model' }] });
    expect((await handle(new Request('http://127.0.0.1/v2/models'))).status).toBe(404);
  });

  it('streams SSE chunks ending with [DONE]', async () => {
    const response = await post('/v1/completions', {
      model: 'tiny',
      prompt: 'Once',
      max_tokens: 3,
      stream: true,
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const events = (await response.text()).split('\n\n').filter(Boolean);
    expect(events.at(-1)).toBe('data: [DONE]');
    const last = JSON.parse(events.at(-2)!.slice('data: '.length));
    expect(last).toMatchObject({ choices: [{ finish_reason: 'length' }], usage: { completion_tokens: 3 } });
  });

  it('answers errors as OpenAI error bodies with the wgllm code', async () => {
    const overflow = await post('/v1/completions', { model: 'tiny', prompt: 'a b c d e f g h '.repeat(20) });
    expect(overflow.status).toBe(400);
    expect(await overflow.json()).toMatchObject({
      error: { code: 'ContextOverflow', type: 'invalid_request_error' },
    });
    const notJson = await handle(
      new Request('http://127.0.0.1/v1/chat/completions', { method: 'POST', body: '{' }),
    );
    expect(notJson.status).toBe(400);
  });

  it('tokenizes and detokenizes in llama.cpp shapes', async () => {
    const { tokens } = (await (await post('/tokenize', { content: 'Once upon a time' })).json()) as {
      tokens: number[];
    };
    expect(tokens).toEqual(await engine.tokenize('Once upon a time', { addSpecial: false }));
    expect(await (await post('/detokenize', { tokens })).json()).toEqual({ content: 'Once upon a time' });
  });
});
