// The chat templates of the llama 3.x, SmolLM3 and Phi-3 / Phi-4-mini families (their Hugging Face tokenizer_config
// templates, as llama.cpp keeps them in models/templates/) render through our Jinja path as the models expect,
// and each family's end-of-turn token ends generation.
import { readFileSync } from 'node:fs';
import { parseGguf, writeGguf } from '@wgllm/gguf';
import { syntheticVocab } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../tokenizer.ts';
import { applyChatTemplate } from './apply-chat-template.ts';

const template = (file: string) => readFileSync(new URL(`fixtures/${file}.jinja`, import.meta.url), 'utf8');
const chat = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello!' },
  { role: 'user', content: 'Tell me a story.' },
];
const render = (file: string, bosToken: string, eosToken: string) =>
  applyChatTemplate({ template: template(file), bosToken, eosToken, addBos: true, addEos: false }, chat, {
    systemPrompt: 'Be brief.',
  });

describe('family chat templates', () => {
  it('llama 3.2: header ids, the dated system block, <|eot_id|> after each turn', () => {
    const prompt = render('meta-llama-Llama-3.2-3B-Instruct', '<|begin_of_text|>', '<|eot_id|>');
    expect(prompt.templateName).toBe('llama3');
    const header = (role: string) => `<|start_header_id|>${role}<|end_header_id|>\n\n`;
    // strftime_now gives today's date, as llama.cpp's Jinja path does.
    expect(prompt.text.replace(/Today Date: \d\d \w{3} \d{4}/, 'Today Date: <date>')).toBe(
      `${header('system')}Cutting Knowledge Date: December 2023\nToday Date: <date>\n\nBe brief.<|eot_id|>` +
        `${header('user')}Hi<|eot_id|>${header('assistant')}Hello!<|eot_id|>` +
        `${header('user')}Tell me a story.<|eot_id|>${header('assistant')}`,
    );
  });

  it('SmolLM3: chatml turns with its metadata system block (reasoning mode /think by default)', () => {
    const prompt = render('HuggingFaceTB-SmolLM3-3B', '', '<|im_end|>');
    expect(prompt.text).toBe(
      '<|im_start|>system\n## Metadata\n\nKnowledge Cutoff Date: June 2025\nReasoning Mode: /think\n\n' +
        '## Custom Instructions\n\nBe brief.\n\n<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n' +
        '<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nTell me a story.<|im_end|>\n' +
        '<|im_start|>assistant\n',
    );
  });

  it('Phi-3.5: <|role|> turns closed by <|end|>', () => {
    const prompt = render('microsoft-Phi-3.5-mini-instruct', '<s>', '<|endoftext|>');
    expect(prompt.templateName).toBe('phi3');
    expect(prompt.text).toBe(
      '<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\nHello!<|end|>\n' +
        '<|user|>\nTell me a story.<|end|>\n<|assistant|>\n',
    );
  });

  it('Phi-4-mini: <|role|> turns closed by <|end|>, no newlines, no EOS after the generation prompt', () => {
    const prompt = render('microsoft-Phi-4-mini-instruct', '<|endoftext|>', '<|endoftext|>');
    expect(prompt.templateName).toBe('phi3');
    expect(prompt.renderer).toBe('jinja');
    expect(prompt.text).toBe(
      '<|system|>Be brief.<|end|><|user|>Hi<|end|><|assistant|>Hello!<|end|>' +
        '<|user|>Tell me a story.<|end|><|assistant|>',
    );
    const closed = applyChatTemplate(
      {
        template: template('microsoft-Phi-4-mini-instruct'),
        bosToken: '',
        eosToken: '<|endoftext|>',
        addBos: false,
        addEos: false,
      },
      chat,
      { addGenerationPrompt: false },
    );
    expect(closed.text).toBe(
      '<|user|>Hi<|end|><|assistant|>Hello!<|end|><|user|>Tell me a story.<|end|><|endoftext|>',
    );
  });

  it("each family's end-of-turn token ends generation", () => {
    const vocab = syntheticVocab(300);
    const tokens = [...(vocab['tokenizer.ggml.tokens'] as string[])];
    // OLMo 2's and Granite 3.x's last (olmo-granite-templates.test.ts).
    const endOfTurn = ['<|eot_id|>', '<|im_end|>', '<|end|>', '<|endoftext|>', '<|end_of_text|>'];
    endOfTurn.forEach((text, i) => {
      tokens[290 + i] = text;
    });
    const file = writeGguf({ metadata: { ...vocab, 'tokenizer.ggml.tokens': tokens }, tensors: [] });
    const tokenizer = Tokenizer.fromGguf(parseGguf(file).metadata);
    for (const [i, text] of endOfTurn.entries()) {
      expect(tokenizer.tokenText(290 + i)).toBe(text);
      expect(tokenizer.isEndOfGeneration(290 + i), text).toBe(true);
    }
    expect(tokenizer.isEndOfGeneration(289)).toBe(false);
  });
});
