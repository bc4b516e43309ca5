// Gemma 3's own chat template (tokenizer_config.json of google/gemma-3-1b-it, as its GGUFs carry it) has no
// system role: it folds the system prompt into the first user turn. Rendered through @huggingface/jinja it must
// give what the model was trained on, and llama.cpp's built-in gemma format the same text.
import { describe, expect, it } from 'vitest';
import { applyChatTemplate } from './apply-chat-template.ts';

const GEMMA3_TEMPLATE =
  "{{ bos_token }}\n{%- if messages[0]['role'] == 'system' -%}\n    {%- if messages[0]['content'] is string -%}\n        {%- set first_user_prefix = messages[0]['content'] + '\n\n' -%}\n    {%- else -%}\n        {%- set first_user_prefix = messages[0]['content'][0]['text'] + '\n\n' -%}\n    {%- endif -%}\n    {%- set loop_messages = messages[1:] -%}\n{%- else -%}\n    {%- set first_user_prefix = \"\" -%}\n    {%- set loop_messages = messages -%}\n{%- endif -%}\n{%- for message in loop_messages -%}\n    {%- if (message['role'] == 'user') != (loop.index0 % 2 == 0) -%}\n        {{ raise_exception(\"Conversation roles must alternate user/assistant/user/assistant/...\") }}\n    {%- endif -%}\n    {%- if (message['role'] == 'assistant') -%}\n        {%- set role = \"model\" -%}\n    {%- else -%}\n        {%- set role = message['role'] -%}\n    {%- endif -%}\n    {{ '<start_of_turn>' + role + '\n' + (first_user_prefix if loop.first else \"\") }}\n    {%- if message['content'] is string -%}\n        {{ message['content'] | trim }}\n    {%- elif message['content'] is iterable -%}\n        {%- for item in message['content'] -%}\n            {%- if item['type'] == 'image' -%}\n                {{ '<start_of_image>' }}\n            {%- elif item['type'] == 'text' -%}\n                {{ item['text'] | trim }}\n            {%- endif -%}\n        {%- endfor -%}\n    {%- else -%}\n        {{ raise_exception(\"Invalid content type\") }}\n    {%- endif -%}\n    {{ '<end_of_turn>\n' }}\n{%- endfor -%}\n{%- if add_generation_prompt -%}\n    {{'<start_of_turn>model\n'}}\n{%- endif -%}\n";

const context = {
  template: GEMMA3_TEMPLATE,
  bosToken: '<bos>',
  eosToken: '<eos>',
  addBos: true,
  addEos: false,
};
const chat = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: ' Hello! ' },
  { role: 'user', content: 'Tell me a story.' },
];
const expected =
  '<start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello!<end_of_turn>\n' +
  '<start_of_turn>user\nTell me a story.<end_of_turn>\n<start_of_turn>model\n';

describe('Gemma 3 chat template', () => {
  it('folds the system prompt into the first user turn (BOS left to the encoder)', () => {
    const prompt = applyChatTemplate(context, chat, { systemPrompt: 'Be brief.' });
    expect(prompt).toEqual({ text: expected, templateName: 'gemma', renderer: 'jinja' });
  });

  it("renders as llama.cpp's built-in gemma format does", () => {
    for (const systemPrompt of ['Be brief.', undefined]) {
      for (const addGenerationPrompt of [true, false]) {
        const options = { addGenerationPrompt, ...(systemPrompt && { systemPrompt }) };
        const jinja = applyChatTemplate(context, chat, options).text;
        expect(applyChatTemplate(context, chat, { ...options, template: 'gemma' }).text).toBe(jinja);
      }
    }
  });
});
