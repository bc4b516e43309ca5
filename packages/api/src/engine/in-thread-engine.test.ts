// The in-thread engine on the CPU reference backend with stories260K: the OpenAI surface end to end.
import { openAsBlob } from 'node:fs';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortedError, BadRequestError, ContextOverflowError } from '../errors/errors.ts';
import type { ChatCompletionChunk } from '../openai-types.ts';
import type { LocalEngine } from './engine.ts';
import { inThreadEngine } from './in-thread-engine.ts';

let engine: LocalEngine;
const model = 'stories260K';
const prompt = 'Once upon a time';

beforeAll(async () => {
  engine = inThreadEngine({ cache: null, backend: 'cpu' });
  const file = new File([await openAsBlob(sharedFixturePath('models/stories260K.gguf'))], 'stories260K.gguf');
  await engine.load(file, { contextLength: 128 });
});
afterAll(() => engine.dispose());

async function streamText(chunks: AsyncIterable<ChatCompletionChunk>) {
  let text = '';
  let last: ChatCompletionChunk | undefined;
  for await (const chunk of chunks) {
    text += chunk.choices[0]?.delta.content ?? '';
    last = chunk;
  }
  return { text, last: last! };
}

describe('in-thread engine (CPU reference backend)', () => {
  it('describes the loaded model', async () => {
    expect(await engine.models()).toMatchObject([
      { id: model, architecture: 'llama', contextLength: 128, backend: 'cpu', origin: 'blob' },
    ]);
  });

  it('completes a chat through the chat template, with usage', async () => {
    const completion = await engine.chat.completions.create({
      model,
      messages: [{ role: 'user', content: prompt }],
      temperature: 0,
      max_tokens: 12,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.finish_reason).toBe('length');
    expect(completion.choices[0]!.message.content!.length).toBeGreaterThan(5);
    // stories260K has no template: llama.cpp's chatml wraps the message, adding tokens.
    const { prompt_tokens, completion_tokens, total_tokens } = completion.usage;
    expect(prompt_tokens).toBeGreaterThan((await engine.tokenize(prompt)).length + 5);
    expect({ completion_tokens, total_tokens }).toEqual({
      completion_tokens: 12,
      total_tokens: prompt_tokens + 12,
    });
    expect(completion.usage.timings!.predicted_ms).toBeGreaterThan(0);
  });

  it('counts a raw prompt as the tokenizer does', async () => {
    const completion = await engine.completions.create({ model, prompt, temperature: 0, max_tokens: 5 });
    expect(completion.usage).toMatchObject({
      prompt_tokens: (await engine.tokenize(prompt)).length,
      completion_tokens: 5,
    });
  });

  it('streams the same text as the non-streamed greedy answer', async () => {
    const params = {
      model,
      messages: [{ role: 'user' as const, content: prompt }],
      temperature: 0,
      max_tokens: 16,
    };
    const whole = await engine.chat.completions.create(params);
    const { text, last } = await streamText(
      await engine.chat.completions.create({ ...params, stream: true }),
    );
    expect(text).toBe(whole.choices[0]!.message.content);
    expect(last.choices[0]!.finish_reason).toBe('length');
    expect(last.usage).toMatchObject({ completion_tokens: 16 });
  });

  it('completes a raw prompt; text continues the prompt with its spaces', async () => {
    const start = `${prompt},`;
    const completion = await engine.completions.create({
      model,
      prompt: start,
      temperature: 0,
      max_tokens: 8,
    });
    const text = completion.choices[0]!.text;
    expect(text).toMatch(/^ \w/);
    const ids = await engine.tokenize(start + text, { addSpecial: false });
    expect(await engine.detokenize(ids)).toBe(start + text);
  });

  it('gives the same tokens for the same seed, and stops at stop strings', async () => {
    const params = { model, prompt, temperature: 1, max_tokens: 24, seed: 42 };
    const a = await engine.completions.create(params);
    const b = await engine.completions.create(params);
    expect(b.choices[0]!.text).toBe(a.choices[0]!.text);
    const text = a.choices[0]!.text;
    const stop = text.slice(6, 9);
    const stopped = await engine.completions.create({ ...params, stop: [stop] });
    expect(stopped.choices[0]!.finish_reason).toBe('stop');
    expect(stopped.choices[0]!.text).toBe(text.slice(0, text.indexOf(stop)));
  });

  it('ends a stream on abort with finish_reason "abort", then serves the next request', async () => {
    const controller = new AbortController();
    const chunks = await engine.chat.completions.create({
      model,
      messages: [{ role: 'user', content: prompt }],
      temperature: 0,
      max_tokens: 60,
      stream: true,
      signal: controller.signal,
    });
    let pieces = 0;
    let last: ChatCompletionChunk | undefined;
    for await (const chunk of chunks) {
      if (chunk.choices[0]?.delta.content) pieces++;
      if (pieces === 3) controller.abort();
      last = chunk;
    }
    expect(last!.choices[0]!.finish_reason).toBe('abort');
    expect(last!.usage!.completion_tokens).toBeLessThan(60);
    const next = await engine.completions.create({ model, prompt, temperature: 0, max_tokens: 4 });
    expect(next.usage.completion_tokens).toBe(4);
  });

  it('queues concurrent requests and answers each as if alone', async () => {
    const one = (seed: number) =>
      engine.completions.create({ model, prompt, temperature: 1, seed, max_tokens: 10 });
    const alone = await Promise.all([one(1), one(2)].map(async (p) => (await p).choices[0]!.text));
    const together = await Promise.all([one(1), one(2), one(1)]);
    expect(together.map((c) => c.choices[0]!.text)).toEqual([alone[0], alone[1], alone[0]]);
  });

  it('rejects a request aborted while queued, bad params and overlong prompts with typed errors', async () => {
    const controller = new AbortController();
    const busy = engine.completions.create({ model, prompt, temperature: 0, max_tokens: 20 });
    const queued = engine.completions.create({ model, prompt, max_tokens: 5, signal: controller.signal });
    controller.abort();
    await expect(queued).rejects.toBeInstanceOf(AbortedError);
    await busy;
    await expect(engine.completions.create({ model, prompt, temperature: 9 })).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(
      engine.completions.create({ model, prompt: 'a b c d e f g h '.repeat(40), max_tokens: 2 }),
    ).rejects.toBeInstanceOf(ContextOverflowError);
  });
});
