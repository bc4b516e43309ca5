import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseGguf } from '@wgllm/gguf';
import { describe, expect, it } from 'vitest';
import { sharedVocabPath } from '../testing/fixture-inputs.ts';
import { Tokenizer } from '../tokenizer.ts';
import { applyChatTemplate } from './apply-chat-template.ts';
import { detectChatTemplate } from './detect-template.ts';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const load = (name: string) =>
  Tokenizer.fromGguf(parseGguf(readFileSync(sharedVocabPath(repoRoot, name))).metadata);
const chat = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello!' },
  { role: 'user', content: 'Tell me a story.' },
];
const context = { template: undefined, bosToken: '<s>', eosToken: '</s>', addBos: false, addEos: false };
const CHATML_JINJA =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

describe('applyChatTemplate', () => {
  it('uses chatml when the model has no template, as llama.cpp does', () => {
    const prompt = load('llama-spm').applyChatTemplate(chat, { systemPrompt: 'Be brief.' });
    expect(prompt).toEqual({
      text:
        '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n' +
        '<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\n',
      templateName: 'chatml',
      renderer: 'builtin',
    });
  });

  it("renders the model's Jinja template and names it; encoding adds the BOS the template wrote", () => {
    const tokenizer = load('phi-3');
    const prompt = tokenizer.applyChatTemplate(chat);
    expect(prompt.templateName).toBe('phi3');
    expect(prompt.renderer).toBe('jinja');
    // The template starts with {{ bos_token }}; the vocabulary adds BOS, so it is cut like llama.cpp does.
    expect(prompt.text).toBe(
      '<|user|>\nHi<|end|>\n<|assistant|>\nHello!<|end|>\n<|user|>\nTell me a story.<|end|>\n<|assistant|>\n',
    );
    const ids = tokenizer.encode(prompt.text);
    expect(ids.filter((id) => id === tokenizer.bos)).toEqual([tokenizer.bos]);
    expect(ids[0]).toBe(tokenizer.bos);
    // Control tokens in the prompt become single tokens.
    expect(ids.filter((id) => tokenizer.tokenText(id) === '<|end|>')).toHaveLength(3);
    const kept = applyChatTemplate({ ...context, template: tokenizer.chatTemplate }, chat);
    expect(kept.text).toBe(`<s>${prompt.text}`);
  });

  it('renders Jinja chatml exactly like the built-in chatml', () => {
    for (const addGenerationPrompt of [true, false]) {
      const jinja = applyChatTemplate({ ...context, template: CHATML_JINJA }, chat, { addGenerationPrompt });
      const builtin = applyChatTemplate(context, chat, { addGenerationPrompt, template: 'chatml' });
      expect(jinja.text).toBe(builtin.text);
      expect(jinja.templateName).toBe('chatml');
    }
  });

  it('falls back to the built-in format of a recognised template that fails to render', () => {
    const broken = '{% for m in messages %}<start_of_turn>{{ m.role | no_such_filter }}{% endfor %}';
    const prompt = applyChatTemplate({ ...context, template: broken }, [{ role: 'user', content: ' Hi ' }]);
    expect(prompt).toEqual({
      text: '<start_of_turn>user\nHi<end_of_turn>\n<start_of_turn>model\n',
      templateName: 'gemma',
      renderer: 'builtin',
    });
  });

  it('formats built-in templates by name', () => {
    const system = [{ role: 'system', content: 'Sys' }, ...chat];
    expect(applyChatTemplate(context, system, { template: 'llama2-sys' }).text).toBe(
      '[INST] <<SYS>>\nSys\n<</SYS>>\n\nHi [/INST]Hello!</s>[INST] Tell me a story. [/INST]',
    );
    expect(applyChatTemplate(context, chat, { template: 'llama3' }).text).toBe(
      '<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>' +
        '<|start_header_id|>user<|end_header_id|>\n\nTell me a story.<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n',
    );
    expect(() => applyChatTemplate(context, chat, { template: 'granite' })).toThrow(/no built-in format/);
  });
});

describe('detectChatTemplate', () => {
  it.each([
    ['{{ bos_token }}<|start_header_id|>x<|end_header_id|>', 'llama3'],
    ['<|im_start|>{{ role }}', 'chatml'],
    ['<|im_start|><|im_sep|>', 'phi4'],
    ["{{ '[INST] ' + content + ' [/INST]' }}", 'llama2'],
    ["{{ '<<SYS>>' }}[INST]", 'llama2-sys'],
    ['[INST][SYSTEM_PROMPT]', 'mistral-v7'],
    ['<|user|>x<|endoftext|>', 'zephyr'],
    ['<start_of_turn>user', 'gemma'],
    ['<|assistant|>x<|end|>', 'phi3'],
    ['plain text', undefined],
  ])('%j -> %s', (template, name) => {
    expect(detectChatTemplate(template)).toBe(name);
  });
});
