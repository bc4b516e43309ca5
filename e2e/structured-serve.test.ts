// Structured output through `wgllm serve` with the official openai client: stories260K (which cannot write
// JSON by itself) returns JSON valid against every schema of the suite at temperature 0 and 1, forced tool
// calls that parse and validate against their parameters, streamed and not, and 400s for bad input.
// e2e/structured-worker.test.ts runs the same suite against the Worker engine in Chromium.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  checkForcedCall,
  checkRefusals,
  expectSuitePassed,
  FORCED_CHOICES,
  runSchemaSuite,
  type StructuredTransport,
  SUITE_MESSAGES,
  SUITE_TOOLS,
} from './fixtures/structured-suite.ts';
import { chatReply, refusal, streamedReply } from './pages/structured/openai-replies.ts';

const cli = fileURLToPath(new URL('../packages/cli/bin/wgllm.mjs', import.meta.url));
const modelPath = fileURLToPath(new URL('../../shared/models/stories260K.gguf', import.meta.url));
const model = 'stories260K';
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
const transport: StructuredTransport = {
  chat: (request) => chatReply(client(), model, request),
  streamChat: (request) => streamedReply(client(), model, request),
  refusal: (request) => refusal(client(), model, request),
};

describe('structured output through wgllm serve', () => {
  it('every reply that stops validates against its schema, and 95% stop inside 200 tokens', async () => {
    expectSuitePassed(await runSchemaSuite(transport), 'wgllm serve');
  }, 600_000);

  it('json_object gives a JSON object', async () => {
    const reply = await transport.chat({
      messages: SUITE_MESSAGES,
      temperature: 0,
      max_tokens: 200,
      response_format: { type: 'json_object' },
    });
    if (reply.finishReason === 'stop') expect(typeof JSON.parse(reply.content!)).toBe('object');
    else expect(reply.content!.startsWith('{')).toBe(true);
  });

  for (const toolChoice of FORCED_CHOICES)
    for (const [temperature, seed] of [
      [0, 0],
      [1, 3],
    ] as const)
      it(`a forced call (${typeof toolChoice === 'string' ? toolChoice : 'named'}, T=${temperature}) parses, validates, and streams the same`, async () => {
        await checkForcedCall(transport, toolChoice, temperature, seed);
      }, 120_000);

  it('a tool result fed back goes through the template', async () => {
    const completion = await client().chat.completions.create({
      model,
      temperature: 0,
      max_tokens: 8,
      tools: SUITE_TOOLS,
      tool_choice: 'auto',
      messages: [
        ...SUITE_MESSAGES,
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
    await checkRefusals(transport);
  });
});
