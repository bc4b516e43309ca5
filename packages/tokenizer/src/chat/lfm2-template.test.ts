// LFM2's chat template (llama.cpp's models/templates copy of LiquidAI's LFM2.5 Instruct template; LFM2's differs
// only in its tool-list markers) renders through our Jinja path as the models expect: chatml turns closed by
// <|im_end|>, which ends generation (the files' EOS id is that token); the template's leading <|startoftext|>
// is left to the encoder (add_bos_token), as llama.cpp does, so that the prompt has one BOS.
import { readFileSync } from 'node:fs';
import { ggufValue, parseGguf, writeGguf } from '@wgllm/gguf';
import { syntheticVocab } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from '../tokenizer.ts';
import { applyChatTemplate } from './apply-chat-template.ts';

const template = readFileSync(new URL('fixtures/LiquidAI-LFM2.5-Instruct.jinja', import.meta.url), 'utf8');
const chat = [
  { role: 'user', content: 'Hi' },
  { role: 'assistant', content: '<think>greet</think> Hello!' },
  { role: 'user', content: 'A story?' },
  { role: 'assistant', content: '<think>plot</think>Once.' },
  { role: 'user', content: 'More.' },
];

describe('LFM2 chat template', () => {
  it('renders chatml turns, thinking dropped from all but the last reply', () => {
    const options = {
      template,
      bosToken: '<|startoftext|>',
      eosToken: '<|im_end|>',
      addBos: true,
      addEos: false,
    };
    const prompt = applyChatTemplate(options, chat, { systemPrompt: 'Be brief.' });
    expect(prompt.renderer).toBe('jinja');
    expect(prompt.text).toBe(
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n' +
        '<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nA story?<|im_end|>\n' +
        '<|im_start|>assistant\n<think>plot</think>Once.<|im_end|>\n<|im_start|>user\nMore.<|im_end|>\n' +
        '<|im_start|>assistant\n',
    );
  });

  it('stops on <|im_end|>, the EOS id of LFM2 files', () => {
    const vocab = syntheticVocab(300);
    const tokens = [...(vocab['tokenizer.ggml.tokens'] as string[])];
    tokens[290] = '<|startoftext|>';
    tokens[291] = '<|im_start|>';
    tokens[292] = '<|im_end|>';
    const metadata = {
      ...vocab,
      'tokenizer.ggml.tokens': tokens,
      'tokenizer.ggml.bos_token_id': ggufValue.u32(290),
      'tokenizer.ggml.eos_token_id': ggufValue.u32(292),
    };
    const tokenizer = Tokenizer.fromGguf(parseGguf(writeGguf({ metadata, tensors: [] })).metadata);
    expect(tokenizer.isEndOfGeneration(292)).toBe(true);
    expect(tokenizer.isEndOfGeneration(291)).toBe(false);
  });
});
