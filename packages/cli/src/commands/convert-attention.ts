import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { convertAttentionHeads } from '@wgllm/quality';
import type { Command } from '../command.ts';

export const convertAttentionCommand: Command = {
  summary: 'change the KV head count: mean-pool K/V heads (MHA->GQA->MQA) or repeat them (GQA->MHA, exact)',
  usage: '<in.gguf> <out.gguf> --kv-heads K',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { 'kv-heads': { type: 'string' } },
    });
    const [input, output] = positionals;
    if (
      input === undefined ||
      output === undefined ||
      positionals.length > 2 ||
      values['kv-heads'] === undefined
    ) {
      io.err(`usage: wgllm convert-attention ${this.usage}\n`);
      return 1;
    }
    const converted = convertAttentionHeads(new Uint8Array(readFileSync(input)), Number(values['kv-heads']));
    writeFileSync(output, converted.file);
    io.out(`${output}: ${converted.from} -> ${converted.to} KV heads (${converted.mode})\n`);
    return 0;
  },
};
