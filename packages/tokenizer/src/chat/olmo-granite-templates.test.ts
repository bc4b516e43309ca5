// The chat templates of OLMo 2 Instruct and Granite 3.x (their Hugging Face tokenizer_config templates, as their
// GGUFs carry them: allenai/OLMo-2-1124-13B-Instruct's, which the OLMo 2 Instruct models share, and llama.cpp's
// models/templates copy of ibm-granite/granite-3.3-2b-instruct's) render through our Jinja path as the models
// expect (their end-of-turn tokens, <|endoftext|> and <|end_of_text|>, end generation: family-templates.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyChatTemplate, type ChatTemplateOptions } from './apply-chat-template.ts';

const template = (file: string) => readFileSync(new URL(`fixtures/${file}.jinja`, import.meta.url), 'utf8');
const chat = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: 'Hello!' },
  { role: 'user', content: 'Tell me a story.' },
];
const OLMO2 = { file: 'allenai-OLMo-2-1124-13B-Instruct', bos: '<|endoftext|>', eos: '<|endoftext|>' };
const GRANITE = {
  file: 'ibm-granite-granite-3.3-2B-Instruct',
  bos: '<|end_of_text|>',
  eos: '<|end_of_text|>',
};

/** The files write no add_bos_token: llama.cpp's BPE default, no BOS added by the encoder. */
const render = (model: typeof OLMO2, options: ChatTemplateOptions) =>
  applyChatTemplate(
    {
      template: template(model.file),
      bosToken: model.bos,
      eosToken: model.eos,
      addBos: false,
      addEos: false,
    },
    chat,
    options,
  );

describe('OLMo 2 and Granite 3.x chat templates', () => {
  it('OLMo 2: <|role|> lines, <|endoftext|> as BOS and after each assistant turn', () => {
    const prompt = render(OLMO2, { systemPrompt: 'Be brief.' });
    expect(prompt.renderer).toBe('jinja');
    expect(prompt.text).toBe(
      '<|endoftext|><|system|>\nBe brief.\n<|user|>\nHi\n<|assistant|>\nHello!<|endoftext|>\n' +
        '<|user|>\nTell me a story.\n<|assistant|>\n',
    );
    expect(render(OLMO2, {}).text).toBe(
      '<|endoftext|><|user|>\nHi\n<|assistant|>\nHello!<|endoftext|>\n<|user|>\nTell me a story.\n<|assistant|>\n',
    );
  });

  it('Granite 3.3: role headers closed by <|end_of_text|>, its dated system prompt when none is given', () => {
    const header = (role: string) => `<|start_of_role|>${role}<|end_of_role|>`;
    const turns =
      `${header('user')}Hi<|end_of_text|>\n${header('assistant')}Hello!<|end_of_text|>\n` +
      `${header('user')}Tell me a story.<|end_of_text|>\n${header('assistant')}`;
    const prompt = render(GRANITE, { systemPrompt: 'Be brief.' });
    expect(prompt).toMatchObject({ templateName: 'granite', renderer: 'jinja' });
    expect(prompt.text).toBe(`${header('system')}Be brief.<|end_of_text|>\n${turns}`);
    // strftime_now gives today's date, as llama.cpp's Jinja path does.
    const byDefault = render(GRANITE, {}).text.replace(/Date: \w+ \d\d, \d{4}\./, 'Date: <date>.');
    expect(byDefault).toBe(
      `${header('system')}Knowledge Cutoff Date: April 2024. Today's Date: <date>. You are Granite, developed by ` +
        `IBM. You are a helpful AI assistant.<|end_of_text|>\n${turns}`,
    );
  });
});
