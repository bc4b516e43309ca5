import { parseArgs } from 'node:util';
import { readGgufHeader } from '@wgllm/gguf';
import type { Command } from '../command.ts';
import { formatSummary } from '../format-summary.ts';
import { summarizeModel } from '../model-summary.ts';
import { openModel } from '../open-model.ts';

export const inspectCommand: Command = {
  summary:
    'show a GGUF file: architecture, hyperparameters, tokenizer, metadata, tensors (reads only the header)',
  usage: '<file|url> [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { json: { type: 'boolean' } },
    });
    const [location] = positionals;
    if (location === undefined || positionals.length > 1) {
      io.err(`usage: wgllm inspect ${this.usage}\n`);
      return 1;
    }
    const source = await openModel(location);
    const summary = summarizeModel(await readGgufHeader(source), source.size);
    io.out(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(location, summary));
    return 0;
  },
};
