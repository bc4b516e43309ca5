import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { defaultSamplingOptions, generate, type LoadedModel, loadCpuReferenceModel } from '@wgllm/runtime';
import type { ChatMessage, ChatTemplateOptions } from '@wgllm/tokenizer';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CommandIo } from '../command.ts';
import { openModel } from '../open-model.ts';
import { chatCommand } from './chat.ts';

const modelPath = sharedFixturePath('models/stories260K.gguf');
const N_PREDICT = 8;

interface Transcript {
  code: number;
  stdout: string;
  stderr: string;
  /** Both streams in the order written. */
  log: { stream: 'out' | 'err'; text: string }[];
}

/** Runs `wgllm chat` greedily on the CPU reference with `lines` as piped stdin (the stream then ends). */
async function chat(lines: string[], args: string[] = []): Promise<Transcript> {
  const log: Transcript['log'] = [];
  const io: CommandIo = {
    out: (text) => log.push({ stream: 'out', text }),
    err: (text) => log.push({ stream: 'err', text }),
    input: Readable.from(lines.map((line) => `${line}\n`)),
  };
  const code = await chatCommand.run(
    [modelPath, '--cpu', '--temp', '0', '-n', String(N_PREDICT), ...args],
    io,
  );
  const text = (stream: 'out' | 'err') =>
    log
      .filter((entry) => entry.stream === stream)
      .map((entry) => entry.text)
      .join('');
  return { code, stdout: text('out'), stderr: text('err'), log };
}

let model: LoadedModel;
beforeAll(async () => {
  model = await loadCpuReferenceModel(await openModel(modelPath));
});

const templated = (messages: ChatMessage[], options: ChatTemplateOptions = {}) =>
  model.tokenizer.encode(model.tokenizer.applyChatTemplate(messages, options).text);

/** The greedy reply to `messages`, computed apart from the chat command: the expected output of one turn. */
async function greedyReply(
  messages: ChatMessage[],
  options: ChatTemplateOptions = {},
  maxTokens = N_PREDICT,
): Promise<string> {
  const { tokenizer } = model;
  const promptIds = templated(messages, options);
  const { tokens } = await generate(model.runner, tokenizer.createStreamDecoder(), {
    promptIds,
    sampling: { ...defaultSamplingOptions, temperature: 0 },
    maxTokens,
    stopTokenIds: model.endOfGenerationIds,
    stopStrings: [],
  });
  return tokenizer.decode([...promptIds, ...tokens]).slice(tokenizer.decode(promptIds).length);
}

const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });

describe('wgllm chat --cpu', () => {
  it('answers each turn on the whole conversation so far, streaming replies alone to stdout', async () => {
    const transcript = await chat(['Hello', 'Tell me a story']);
    expect(transcript.code).toBe(0);
    const first = await greedyReply([user('Hello')]);
    const second = await greedyReply([user('Hello'), assistant(first), user('Tell me a story')]);
    expect(transcript.stdout).toBe(`${first}\n${second}\n`);
    // The history changes the second reply: without it the answer differs.
    expect(await greedyReply([user('Tell me a story')])).not.toBe(second);
    // Streamed: the first reply arrives in more than one piece.
    expect(transcript.log.filter((entry) => entry.stream === 'out').length).toBeGreaterThan(3);
    expect(transcript.stderr).toMatch(/chatml \(the model has none\).*on cpu reference/);
  });

  it('puts --system ahead of the conversation', async () => {
    const system = 'You are a pirate.';
    const transcript = await chat(['Hello'], ['--system', system]);
    const reply = await greedyReply([user('Hello')], { systemPrompt: system });
    expect(reply).not.toBe(await greedyReply([user('Hello')]));
    expect(transcript.stdout).toBe(`${reply}\n`);
  });

  it('/reset forgets the conversation', async () => {
    const transcript = await chat(['Hello', 'Tell me a story', '/reset', 'Tell me a story']);
    const first = await greedyReply([user('Hello')]);
    const second = await greedyReply([user('Hello'), assistant(first), user('Tell me a story')]);
    const afresh = await greedyReply([user('Tell me a story')]);
    expect(transcript.stdout).toBe(`${first}\n${second}\n${afresh}\n`);
    expect(transcript.stderr).toContain('[conversation cleared]');
  });

  it('exits 0 at /exit, ignoring what follows, and at the end of the input', async () => {
    const exited = await chat(['/exit', 'Hello']);
    expect(exited.code).toBe(0);
    expect(exited.stdout).toBe('');
    const ended = await chat([]);
    expect(ended.code).toBe(0);
    expect(ended.stdout).toBe('');
  });

  it('/help lists the commands; an unknown one says so', async () => {
    const transcript = await chat(['/help', '/nope']);
    expect(transcript.code).toBe(0);
    for (const command of ['/reset', '/exit', '/help']) expect(transcript.stderr).toContain(command);
    expect(transcript.stderr).toContain("unknown command '/nope'");
    expect(transcript.stdout).toBe('');
  });

  it('reports a full context and an overflowing turn, and works again after /reset', async () => {
    // Room for the first prompt and 4 generated tokens: the reply fills the context, the next turn cannot fit.
    const contextLength = templated([user('Hello')]).length + 4;
    const transcript = await chat(['Hello', 'Hi', '/reset', 'Hello'], ['--ctx', String(contextLength)]);
    expect(transcript.code).toBe(0);
    const reply = await greedyReply([user('Hello')], {}, 4);
    expect(transcript.stdout).toBe(`${reply}\n${reply}\n`);
    expect(transcript.stderr.match(/\[the context is full: \/reset to start over/g)).toHaveLength(2);
    expect(transcript.stderr).toMatch(
      new RegExp(
        `the conversation no longer fits the context \\(\\d+ tokens, the context holds ${contextLength}\\)`,
      ),
    );
  });

  it('Ctrl-C stops the reply under way, keeps what it said, and the conversation goes on', async () => {
    const listenersBefore = process.listenerCount('SIGINT');
    const log: Transcript['log'] = [];
    let interrupted = false;
    const io: CommandIo = {
      out: (text) => {
        log.push({ stream: 'out', text });
        // As a signal arrives: between event-loop turns, while the reply is being generated.
        if (!interrupted) setImmediate(() => process.emit('SIGINT', 'SIGINT'));
        interrupted = true;
      },
      err: (text) => log.push({ stream: 'err', text }),
      input: Readable.from(['Hello\n', 'Hi\n']),
    };
    const args = [modelPath, '--cpu', '--temp', '0', '-n', '64'];
    expect(await chatCommand.run(args, io)).toBe(0);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);

    const stopped = log.findIndex((entry) => entry.text === '[reply stopped]\n');
    expect(stopped).toBeGreaterThan(0);
    const outText = (entries: Transcript['log']) =>
      entries
        .filter((entry) => entry.stream === 'out')
        .map((entry) => entry.text)
        .join('');
    // The stopped reply, less the newline that ends every reply.
    const partial = outText(log.slice(0, stopped)).replace(/\n$/, '');
    const full = await greedyReply([user('Hello')], {}, 64);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(full.length);
    expect(full.startsWith(partial)).toBe(true);
    expect(outText(log.slice(stopped + 1))).toBe(
      `${await greedyReply([user('Hello'), assistant(partial), user('Hi')], {}, 64)}\n`,
    );
  });

  it('refuses a missing model', async () => {
    const log: string[] = [];
    const io: CommandIo = { out: (text) => log.push(text), err: (text) => log.push(text) };
    expect(await chatCommand.run([], io)).toBe(1);
    expect(log.join('')).toMatch(/usage: wgllm chat/);
  });
});

describe('wgllm chat --tools', () => {
  const add = {
    type: 'function',
    function: {
      name: 'add',
      description: 'Adds two integers',
      parameters: {
        type: 'object',
        properties: {
          a: { type: 'integer', minimum: 0, maximum: 9 },
          b: { type: 'integer', minimum: 0, maximum: 9 },
        },
        required: ['a', 'b'],
        additionalProperties: false,
      },
    },
  };
  const toolsFile = (tools: unknown): string => {
    const path = join(mkdtempSync(join(tmpdir(), 'wgllm-chat-')), 'tools.json');
    writeFileSync(path, JSON.stringify(tools));
    return path;
  };

  it('shows a forced call with its id and arguments, and /tool feeds the result back', async () => {
    const tools = ['--tools', toolsFile([add]), '--tool-choice', 'add', '-n', '120'];
    const transcript = await chat(['What is 2 + 3?', '/tool 5'], tools);
    expect(transcript.code).toBe(0);
    const calls = [...transcript.stdout.matchAll(/\[tool call (call_[0-9a-f]{24})\] add\((.*)\)\n/g)];
    // The call, then the model (still forced) calls again after reading the result.
    expect(calls).toHaveLength(2);
    const args = JSON.parse(calls[0]![2]!);
    expect(Object.keys(args)).toEqual(['a', 'b']);
    expect(args.a).toBeGreaterThanOrEqual(0);
    expect(args.a).toBeLessThanOrEqual(9);
    expect(transcript.stdout).not.toContain('<tool_call>');
    expect(transcript.stderr).toContain('[answer with /tool RESULT]');
  });

  it('refuses a tool whose parameters are not an object schema, and /tool without a call', async () => {
    const bad = [{ type: 'function', function: { name: 'f', parameters: { type: 'array' } } }];
    await expect(chat(['Hi'], ['--tools', toolsFile(bad)])).rejects.toThrow(
      /tools\[0\]\.function\.parameters/,
    );
    const transcript = await chat(['/tool 5'], ['--tools', toolsFile([add])]);
    expect(transcript.stderr).toContain('[the last reply made no tool call]');
  });
});
