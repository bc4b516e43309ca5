import { readFileSync, writeFileSync } from 'node:fs';
import { convertAttentionHeads } from '@wgllm/quality';
import { defineCommand } from '../define-command.ts';

export const convertAttentionCommand = defineCommand({
  name: 'convert-attention',
  summary: 'change the KV head count: mean-pool K/V heads (MHA->GQA->MQA) or repeat them (GQA->MHA, exact)',
  usage: '<in.gguf> <out.gguf> --kv-heads K',
  options: { 'kv-heads': { type: 'string' } },
  positionals: 2,
  required: ['kv-heads'],
  async run({ values, positionals: [input, output] }, io) {
    const converted = convertAttentionHeads(new Uint8Array(readFileSync(input)), Number(values['kv-heads']));
    writeFileSync(output, converted.file);
    io.out(`${output}: ${converted.from} -> ${converted.to} KV heads (${converted.mode})\n`);
    return 0;
  },
});
