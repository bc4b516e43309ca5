// Each family's tool-call format against its real chat template (fixtures/, from llama.cpp's models/templates):
// the format chosen for the template, calls the template writes back parse into the same calls, call ids the
// template accepts, and a forced call's structural tag compiles in XGrammar and holds a call that parses.
import { readFileSync } from 'node:fs';
import { parseGguf } from '@wgllm/gguf';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { tokenAllowed } from '@wgllm/runtime';
import { Tokenizer } from '@wgllm/tokenizer';
import { describe, expect, it } from 'vitest';
import { checkMessages } from '../../engine/chat-prompt.ts';
import { GrammarEngine } from '../grammar-engine.ts';
import { toolCallFormatFor } from './formats.ts';
import { leadingJson } from './leading-json.ts';
import { mistralArgs, mistralJsonList } from './mistral-formats.ts';
import type { ToolCallFormat } from './tool-call-format.ts';
import { toolCallTag } from './tool-call-tag.ts';

const template = (name: string) => readFileSync(new URL(`./fixtures/${name}.jinja`, import.meta.url), 'utf8');
// A byte-level BPE vocabulary: any text tokenizes without a prefix space, as generated text would.
const tokenizer = Tokenizer.fromGguf(
  parseGguf(readFileSync(sharedFixturePath('vocab/ggml-vocab-gpt-2.gguf'))).metadata,
);
const eos = tokenizer.vocab.eos;
const grammars = new GrammarEngine(tokenizer, tokenizer.vocabSize, [eos]);

const add = {
  name: 'add',
  description: 'Adds two integers',
  parameters: {
    type: 'object',
    properties: { a: { type: 'integer' }, b: { type: 'integer' } },
    required: ['a', 'b'],
    additionalProperties: false,
  },
};
const tools = [{ type: 'function', function: add }];

/** A conversation in which the assistant called add with {"a": 1, "b": 2}, rendered by `source`. */
function renderCall(source: string, format: ToolCallFormat): { text: string; id: string } {
  const id = format.callId();
  const messages = checkMessages([
    { role: 'user', content: 'What is 1 + 2?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id, type: 'function', function: { name: 'add', arguments: '{"a": 1, "b": 2}' } }],
    },
    { role: 'tool', tool_call_id: id, content: '3' },
  ]);
  return { text: tokenizer.applyChatTemplate(messages, { template: source, tools }).text, id };
}

/** Feeds `text` token by token through the forced-call grammar; true if every token passes and it may end. */
async function grammarAccepts(format: ToolCallFormat, text: string): Promise<boolean> {
  const tag = toolCallTag(format, [add], { name: 'add' }, false);
  const constraint = await grammars.constraint({ kind: 'structural_tag', tag });
  const mask = new Uint32Array(Math.ceil(tokenizer.vocabSize / 32));
  try {
    for (const token of tokenizer.encode(text, { addSpecial: false })) {
      await constraint.fillMask(mask);
      if (!tokenAllowed(mask, token)) return false;
      constraint.accept(token);
    }
    await constraint.fillMask(mask);
    return tokenAllowed(mask, eos);
  } finally {
    constraint.dispose();
  }
}

const cases: { file: string; format: ToolCallFormat | undefined; written: RegExp }[] = [
  {
    file: 'mistralai-Mistral-Nemo-Instruct-2407',
    format: mistralJsonList,
    written: /\[TOOL_CALLS\]\[\{"name": "add", "arguments": \{"a": 1, "b": 2\}, "id": "[a-zA-Z0-9]{9}"\}\]/,
  },
  {
    file: 'Mistral-Small-3.2-24B-Instruct-2506',
    format: mistralArgs,
    written: /\[TOOL_CALLS\]add\[CALL_ID\][a-zA-Z0-9]{9}\[ARGS\]\{"a": 1, "b": 2\}/,
  },
  {
    file: 'unsloth-mistral-Devstral-Small-2507',
    format: mistralArgs,
    written: /\[TOOL_CALLS\]add\[ARGS\]\{"a": 1, "b": 2\}/,
  },
  {
    file: 'Qwen-Qwen2.5-7B-Instruct',
    format: undefined,
    written: /<tool_call>\n\{"name": "add", "arguments": \{"a": 1, "b": 2\}\}\n<\/tool_call>/,
  },
];

describe('tool-call formats against real chat templates', () => {
  for (const { file, format, written } of cases) {
    it(`${file}: the calls its template writes back parse into the same call`, () => {
      const source = template(file);
      const chosen = toolCallFormatFor({ name: 'custom', source });
      if (format) expect(chosen).toBe(format);
      const { text } = renderCall(source, chosen);
      const call = written.exec(text)?.[0];
      expect(call, text).toBeDefined();
      const parsed = chosen.parse(`${call}`);
      expect(parsed?.calls).toEqual([{ name: 'add', arguments: '{"a":1,"b":2}' }]);
    });

    it(`${file}: a forced call's grammar holds a call that parses, and refuses one off the schema`, async () => {
      const chosen = toolCallFormatFor({ name: 'custom', source: template(file) });
      const { begin, end } = chosen.tag(add);
      const good = `${begin}{"a": 4, "b": 5}${end}`;
      expect(await grammarAccepts(chosen, good)).toBe(true);
      expect(chosen.parse(good)?.calls).toEqual([{ name: 'add', arguments: '{"a":4,"b":5}' }]);
      expect(await grammarAccepts(chosen, `${begin}{"a": "four", "b": 5}${end}`)).toBe(false);
    }, 60_000);
  }

  it('Granite 3.3 (a JSON list after <|tool_call|>, as its system prompt asks): forced calls compile and parse', async () => {
    const granite = toolCallFormatFor({
      name: 'granite',
      source: template('ibm-granite-granite-3.3-2B-Instruct'),
    });
    const { begin, end } = granite.tag(add);
    const call = `${begin}{"a": 4, "b": 5}${end}`;
    expect(call).toBe('<|tool_call|>[{"name": "add", "arguments": {"a": 4, "b": 5}}]');
    expect(await grammarAccepts(granite, call)).toBe(true);
    expect(granite.parse(`Let me add. ${call}`)).toEqual({
      content: 'Let me add.',
      calls: [{ name: 'add', arguments: '{"a":4,"b":5}' }],
    });
  });

  it('Phi-4-mini (tools in <|tool|> tags): calls close with <|/tool_call|>, which parsing leaves out of content', () => {
    const phi = toolCallFormatFor({
      name: 'phi3',
      source: "{{ '<|tool|>' + message['tools'] + '<|/tool|>' }}",
    });
    const { begin, end } = phi.tag(add);
    expect(`${begin}{"a": 1, "b": 2}${end}`).toBe(
      '<|tool_call|>[{"name": "add", "arguments": {"a": 1, "b": 2}}]<|/tool_call|>',
    );
    expect(phi.parse(`${begin}{"a": 1, "b": 2}${end} done`)).toEqual({
      content: 'done',
      calls: [{ name: 'add', arguments: '{"a":1,"b":2}' }],
    });
  });

  it('Mistral call ids are 9 alphanumerics (the templates refuse others), OpenAI ids call_...', () => {
    expect(mistralJsonList.callId()).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(mistralArgs.callId()).toMatch(/^[a-zA-Z0-9]{9}$/);
    const hermes = toolCallFormatFor({ name: 'chatml', source: undefined });
    expect(hermes.callId()).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it('Llama 3.1 writes and reads {"name", "parameters"}, and its forced call compiles', async () => {
    const source = template('meta-llama-Llama-3.1-8B-Instruct');
    const llama3 = toolCallFormatFor({ name: 'llama3', source });
    const { text } = renderCall(source, llama3);
    const call = /\{"name": "add", "parameters": \{"a": 1, "b": 2\}\}/.exec(text)?.[0];
    expect(call, text).toBeDefined();
    expect(llama3.parse(call!)?.calls).toEqual([{ name: 'add', arguments: '{"a":1,"b":2}' }]);
    const { begin, end } = llama3.tag(add);
    expect(await grammarAccepts(llama3, `${begin}{"a": 4, "b": 5}${end}`)).toBe(true);
  });

  it('Mistral parsers keep the text around calls as content, read several calls, and reject broken ones', () => {
    expect(
      mistralArgs.parse(
        'Sure. [TOOL_CALLS]add[ARGS]{"a": 1, "b": 2}[TOOL_CALLS]add[ARGS]{"a": 3, "b": 4} ok',
      ),
    ).toEqual({
      content: 'Sure.  ok',
      calls: [
        { name: 'add', arguments: '{"a":1,"b":2}' },
        { name: 'add', arguments: '{"a":3,"b":4}' },
      ],
    });
    expect(
      mistralJsonList.parse(
        '[TOOL_CALLS][{"name": "add", "arguments": {"a": 1}}, {"name": "f", "arguments": {}}]',
      ),
    ).toEqual({
      content: '',
      calls: [
        { name: 'add', arguments: '{"a":1}' },
        { name: 'f', arguments: '{}' },
      ],
    });
    expect(mistralArgs.parse('[TOOL_CALLS]add[ARGS]{"a": 1,')).toBeUndefined();
    expect(mistralJsonList.parse('[TOOL_CALLS][{"name": "add"}]')).toBeUndefined();
    expect(mistralArgs.parse('no call here')).toBeUndefined();
  });

  it('leadingJson finds the value at the start of a text, whatever follows', () => {
    expect(leadingJson(' {"a": "}", "b": [1, {"c": 2}]} tail')).toEqual({
      value: { a: '}', b: [1, { c: 2 }] },
      end: 31,
    });
    expect(leadingJson('[1, 2]]')).toEqual({ value: [1, 2], end: 6 });
    expect(leadingJson('42, 7')?.value).toBe(42);
    expect(leadingJson('{"a": 1')).toBeUndefined();
  });
});
