import { readFileSync, writeFileSync } from 'node:fs';
import { GgmlType } from '@wgllm/gguf';
import { fileTypes, quantizeModel } from '@wgllm/quality';
import { defineCommand } from '../define-command.ts';

export const quantizeCommand = defineCommand({
  name: 'quantize',
  summary:
    "quantize a GGUF model with llama.cpp's file-type mixes and shape fallbacks (bit-exact quantizers)",
  usage: `<in.gguf> <out.gguf> --type ${[...fileTypes.keys()].join('|')} [--pure]`,
  options: { type: { type: 'string' }, pure: { type: 'boolean' } },
  positionals: 2,
  required: ['type'],
  async run({ values, positionals: [input, output] }, io) {
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
});
