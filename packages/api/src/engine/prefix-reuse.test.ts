// Prefix reuse and the chat-level context policy through the OpenAI surface (in-thread engine, CPU reference,
// stories260K): cached_tokens in usage (streamed too), the same replies with and without the cache, and
// context_overflow 'drop_oldest_turns'. Also that chat templates render earlier turns as they were, which
// is what lets a next turn hit the cache.
import { openAsBlob, readFileSync } from 'node:fs';
import { parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { Tokenizer } from '@wgllm/tokenizer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, ContextOverflowError } from '../errors/errors.ts';
import type { ChatCompletionChunk, ChatMessage } from '../openai-types.ts';
import type { LocalEngine } from './engine.ts';
import { inThreadEngine } from './in-thread-engine.ts';

let engine: LocalEngine;
const model = 'stories260K';
const CONTEXT = 256;

beforeAll(async () => {
  engine = inThreadEngine({ cache: null, backend: 'cpu' });
  const file = new File([await openAsBlob(sharedFixturePath('models/stories260K.gguf'))], 'stories260K.gguf');
  await engine.load(file, { contextLength: CONTEXT, sequences: 2 });
});
afterAll(() => engine.dispose());

const greedy = { model, temperature: 0, max_tokens: 8 } as const;
const userTurns = ['Tell me about Lily.', 'What did she find?', 'Who helped her?'];

/** A chat of `turns` turns, each reply generated; `cache` false re-prefills every prompt. */
async function chat(turns: number, cache: boolean) {
  const messages: ChatMessage[] = [{ role: 'system', content: 'You tell short stories.' }];
  const replies: { content: string; cached: number; prompt: number }[] = [];
  for (const content of userTurns.slice(0, turns)) {
    messages.push({ role: 'user', content });
    const reply = await engine.chat.completions.create({ ...greedy, messages, cache_prompt: cache });
    const text = reply.choices[0]!.message.content!;
    const { prompt_tokens, prompt_tokens_details } = reply.usage;
    replies.push({ content: text, cached: prompt_tokens_details!.cached_tokens, prompt: prompt_tokens });
    messages.push({ role: 'assistant', content: text });
  }
  return replies;
}

describe('prefix reuse through the engine', () => {
  it('reports cached_tokens and replies as it does without the cache', async () => {
    const cached = await chat(3, true);
    const whole = await chat(3, false);
    expect(cached.map((r) => r.content)).toEqual(whole.map((r) => r.content));
    expect(whole.map((r) => r.cached)).toEqual([0, 0, 0]);
    // Each next turn finds at least the previous prompt in the cache (chatml renders it unchanged).
    for (let turn = 1; turn < 3; turn++)
      expect(cached[turn]!.cached).toBeGreaterThanOrEqual(cached[turn - 1]!.prompt);
  });

  it('reports cached_tokens in the streamed usage', async () => {
    const messages: ChatMessage[] = [{ role: 'user', content: 'Once upon a time' }];
    await engine.chat.completions.create({ ...greedy, messages });
    let last: ChatCompletionChunk | undefined;
    for await (const chunk of await engine.chat.completions.create({ ...greedy, messages, stream: true }))
      last = chunk;
    // The same prompt again: all of it but its last token.
    const usage = last!.usage!;
    expect(usage.prompt_tokens_details!.cached_tokens).toBe(usage.prompt_tokens - 1);
  });
});

describe("context_overflow 'drop_oldest_turns'", () => {
  const system: ChatMessage = { role: 'system', content: 'You tell short stories.' };
  const long = 'The little dog ran to the park and played with a red ball all day long. '.repeat(3);
  const history: ChatMessage[] = [system];
  for (let i = 0; i < 6; i++)
    history.push({ role: 'user', content: `${i}: ${long}` }, { role: 'assistant', content: long });
  history.push({ role: 'user', content: 'What happened next?' });

  it('drops the oldest turns, leaving a quarter of the context free, and says how many', async () => {
    const plain = engine.chat.completions.create({ ...greedy, messages: history });
    await expect(plain).rejects.toThrow(ContextOverflowError);
    const policy = { ...greedy, context_overflow: 'drop_oldest_turns' } as const;
    const reply = await engine.chat.completions.create({ ...policy, messages: history });
    const dropped = reply.dropped_messages!;
    expect(dropped % 2).toBe(0); // whole turns: a user message and its reply
    expect(dropped).toBeGreaterThan(0);
    expect(reply.usage.prompt_tokens + greedy.max_tokens).toBeLessThanOrEqual(CONTEXT * 0.75);
    // The next turn drops the same turns, so the whole previous prompt comes from the cache.
    const next = [
      ...history,
      { role: 'assistant' as const, content: reply.choices[0]!.message.content! },
      { role: 'user' as const, content: 'And then?' },
    ];
    const after = await engine.chat.completions.create({ ...policy, messages: next });
    expect(after.dropped_messages).toBe(dropped);
    expect(after.usage.prompt_tokens_details!.cached_tokens).toBeGreaterThanOrEqual(
      reply.usage.prompt_tokens,
    );
  });

  it('reports 0 for a chat that fits, and refuses one whose last turn alone does not', async () => {
    const short = await engine.chat.completions.create({
      ...greedy,
      messages: [system, { role: 'user', content: 'Hi' }],
      context_overflow: 'drop_oldest_turns',
    });
    expect(short.dropped_messages).toBe(0);
    const huge = [system, { role: 'user' as const, content: long.repeat(6) }];
    const refused = engine.chat.completions.create({
      ...greedy,
      messages: huge,
      context_overflow: 'drop_oldest_turns',
    });
    await expect(refused).rejects.toThrow(ContextOverflowError);
    await expect(refused).rejects.toThrow('the system prompt and the last turn take');
    const completion = engine.completions.create({
      ...greedy,
      prompt: 'x',
      context_overflow: 'drop_oldest_turns',
    });
    await expect(completion).rejects.toThrow(BadRequestError);
  });
});

describe('chat templates render earlier turns as they were', () => {
  // Qwen2.5-Instruct's template without its tools branch (its default system prompt included).
  const qwen25 =
    "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + '<|im_end|>\\n' }}" +
    "{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\\n' }}{%- endif %}" +
    '{%- for message in messages %}{%- if (message.role == "user") or (message.role == "system" and not loop.first) or (message.role == "assistant") %}' +
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>' + '\\n' }}{%- endif %}{%- endfor %}" +
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}";
  const turns: { role: string; content: string }[] = [
    { role: 'user', content: 'Hi' },
    { role: 'assistant', content: 'Hello! How can I help?' },
    { role: 'user', content: 'Tell me a story.' },
    { role: 'assistant', content: 'Once upon a time.' },
    { role: 'user', content: 'More.' },
  ];

  for (const [name, template] of [
    ['chatml (models without a template)', 'chatml'],
    ['Qwen2.5', qwen25],
  ] as const) {
    it(`${name}: each turn's prompt and reply begin the next turn's prompt`, () => {
      const file = new Uint8Array(readFileSync(sharedFixturePath('models/stories260K.gguf')));
      const tokenizer = Tokenizer.fromGguf(parseGguf(file).metadata);
      for (const withSystem of [false, true]) {
        const chat = withSystem ? [{ role: 'system', content: 'Be brief.' }, ...turns] : turns;
        const render = (n: number) => tokenizer.applyChatTemplate(chat.slice(0, n), { template }).text;
        for (let n = withSystem ? 2 : 1; n + 2 <= chat.length; n += 2) {
          const reply = chat[n]!.content;
          expect(render(n + 2).startsWith(render(n) + reply)).toBe(true);
        }
      }
    });
  }
});
