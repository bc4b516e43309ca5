// Structured output through `wgllm serve` with the official openai client: stories260K (which cannot write
// JSON by itself) returns JSON valid against every schema of the suite, and forced tool calls that parse and
// validate against their parameters, streamed and not.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STRUCTURED_SCHEMAS } from './fixtures/structured-schemas.ts';

const cli = fileURLToPath(new URL('../packages/cli/bin/wgllm.mjs', import.meta.url));
const modelPath = fileURLToPath(new URL('../../shared/models/stories260K.gguf', import.meta.url));
let server: ChildProcess;
let baseURL: string;

beforeAll(async () => {
  server = spawn(process.execPath, [cli, 'serve', modelPath, '--port', '0', '--cpu'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  for await (const chunk of server.stdout!) {
    out += String(chunk);
    baseURL = /on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out)?.[1] ?? '';
    if (baseURL) break;
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

const client = () => new OpenAI({ baseURL, apiKey: 'unused', maxRetries: 0 });
const ajv = new Ajv({ strict: false, allErrors: true });
const messages = [{ role: 'user' as const, content: 'Tell me about the little dog.' }];

describe('structured output through wgllm serve', () => {
  it('every reply that stops validates against its schema, and 95% stop inside 200 tokens', async () => {
    let replies = 0;
    let stopped = 0;
    for (const [name, schema] of Object.entries(STRUCTURED_SCHEMAS)) {
      const validate = ajv.compile(schema);
      for (const [temperature, seed] of [
        [0, 0],
        [1, 7],
        [1, 8],
      ] as const) {
        const completion = await client().chat.completions.create({
          model: 'stories260K',
          messages,
          temperature,
          seed,
          max_tokens: 200,
          response_format: { type: 'json_schema', json_schema: { name: 'reply', schema, strict: true } },
        });
        const choice = completion.choices[0]!;
        replies++;
        if (choice.finish_reason !== 'stop') continue;
        stopped++;
        const value: unknown = JSON.parse(choice.message.content!);
        expect(
          validate(value),
          `${name} at T=${temperature}: ${choice.message.content} ${ajv.errorsText(validate.errors)}`,
        ).toBe(true);
      }
    }
    expect(Object.keys(STRUCTURED_SCHEMAS).length).toBeGreaterThanOrEqual(30);
    expect(stopped / replies).toBeGreaterThanOrEqual(0.95);
  }, 600_000);

  it('json_object gives a JSON object', async () => {
    const completion = await client().chat.completions.create({
      model: 'stories260K',
      messages,
      temperature: 0,
      max_tokens: 200,
      response_format: { type: 'json_object' },
    });
    const { content } = completion.choices[0]!.message;
    if (completion.choices[0]!.finish_reason === 'stop') expect(typeof JSON.parse(content!)).toBe('object');
    else expect(content!.startsWith('{')).toBe(true);
  });

  const weather = {
    type: 'object',
    properties: {
      city: { type: 'string', maxLength: 10 },
      unit: { enum: ['celsius', 'fahrenheit'] },
      days: { type: 'integer', minimum: 1, maximum: 7 },
    },
    required: ['city', 'unit', 'days'],
    additionalProperties: false,
  };
  const tools = [
    {
      type: 'function' as const,
      function: { name: 'get_weather', description: 'Forecast', parameters: weather },
    },
    {
      type: 'function' as const,
      function: {
        name: 'add',
        parameters: {
          type: 'object',
          properties: {
            a: { type: 'integer', minimum: 0, maximum: 99 },
            b: { type: 'integer', minimum: 0, maximum: 99 },
          },
          required: ['a', 'b'],
        },
      },
    },
  ];

  for (const tool_choice of ['required', { type: 'function' as const, function: { name: 'add' } }] as const) {
    it(`a forced call (${typeof tool_choice === 'string' ? tool_choice : 'named'}) parses, validates, and streams the same`, async () => {
      const params = { model: 'stories260K', messages, temperature: 0, max_tokens: 200, tools, tool_choice };
      const completion = await client().chat.completions.create(params);
      const choice = completion.choices[0]!;
      expect(choice.finish_reason, JSON.stringify(choice.message)).toBe('tool_calls');
      const call = choice.message.tool_calls![0]!;
      expect(call.id).toMatch(/^call_/);
      if (call.type !== 'function') throw new Error('expected a function call');
      const fn = tools.find((t) => t.function.name === call.function.name)!;
      if (typeof tool_choice === 'object') expect(call.function.name).toBe('add');
      expect(ajv.validate(fn.function.parameters, JSON.parse(call.function.arguments))).toBe(true);

      const stream = await client().chat.completions.create({ ...params, stream: true });
      const assembled: { id?: string; name?: string; arguments: string }[] = [];
      let finish: string | null = null;
      for await (const chunk of stream) {
        for (const delta of chunk.choices[0]?.delta.tool_calls ?? []) {
          assembled[delta.index] ??= { arguments: '' };
          const entry = assembled[delta.index]!;
          if (delta.id) entry.id = delta.id;
          if (delta.function?.name) entry.name = delta.function.name;
          entry.arguments += delta.function?.arguments ?? '';
        }
        finish = chunk.choices[0]?.finish_reason ?? finish;
      }
      expect(finish).toBe('tool_calls');
      expect(assembled.map((c) => ({ name: c.name, arguments: c.arguments }))).toEqual([
        { name: call.function.name, arguments: call.function.arguments },
      ]);
    }, 120_000);
  }

  it('a tool result fed back goes through the template', async () => {
    const completion = await client().chat.completions.create({
      model: 'stories260K',
      temperature: 0,
      max_tokens: 8,
      tools,
      tool_choice: 'auto',
      messages: [
        ...messages,
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a": 1, "b": 2}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '3' },
      ],
    });
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(50);
  });

  it('refuses bad schemas, tools and grammars with 400 naming the parameter, then serves the next request', async () => {
    const bad: [Record<string, unknown>, string, RegExp][] = [
      [
        {
          response_format: {
            type: 'json_schema',
            json_schema: { name: 'x', schema: { type: 'integer', multipleOf: 3 } },
          },
        },
        'response_format',
        /multipleOf/,
      ],
      [
        { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'widget' } } } },
        'response_format',
        /type/,
      ],
      [
        { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'array' } } }] },
        'tools',
        /object schema/,
      ],
      [{ grammar: 'root ::= "a" | ' }, 'grammar', /GBNF/],
    ];
    for (const [fields, param, message] of bad) {
      const request = client().chat.completions.create({
        model: 'stories260K',
        messages,
        max_tokens: 4,
        ...fields,
      } as never);
      await expect(request).rejects.toMatchObject({
        status: 400,
        param,
        message: expect.stringMatching(message),
      });
    }
    const next = await client().chat.completions.create({
      model: 'stories260K',
      messages,
      max_tokens: 4,
      temperature: 0,
      grammar: 'root ::= "yes" | "no"', // llama.cpp's server field, beyond the openai client's types
    } as never);
    expect(['yes', 'no']).toContain(next.choices[0]!.message.content);
  });
});
