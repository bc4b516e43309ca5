import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { GgmlType } from '@wgllm/gguf';
import { fileTypes, quantizeModel } from '@wgllm/quality';
import type { Command } from '../command.ts';

export const quantizeCommand: Command = {
  summary:
    "quantize a GGUF model with llama.cpp's file-type mixes and shape fallbacks (bit-exact quantizers)",
  usage: `<in.gguf> <out.gguf> --type ${[...fileTypes.keys()].join('|')} [--pure]`,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { type: { type: 'string' }, pure: { type: 'boolean' } },
    });
    const [input, output] = positionals;
    if (input === undefined || output === undefined || positionals.length > 2 || values.type === undefined) {
      io.err(`usage: wgllm quantize ${this.usage}\n`);
      return 1;
    }
    const source = new Uint8Array(readFileSync(input));
    const { file, tensors } = quantizeModel(source, values.type, { pure: values.pure ?? false });
    const name = (type: GgmlType) => GgmlType[type] ?? String(type);
    for (const t of tensors) {
      const fallback = t.wanted === undefined ? '' : ` (${name(t.wanted)} wanted; row length falls back)`;
      io.err(`${t.name.padEnd(28)} ${name(t.from).padEnd(6)} -> ${name(t.to)}${fallback}\n`);
    }
    writeFileSync(output, file);
    io.out(`${output}: ${source.length} -> ${file.length} bytes\n`);
    return 0;
  },
};
