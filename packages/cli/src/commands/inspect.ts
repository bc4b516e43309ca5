import { readGgufHeader } from '@wgllm/gguf';
import { defineCommand } from '../define-command.ts';
import { formatSummary } from '../format-summary.ts';
import { summarizeModel } from '../model-summary.ts';
import { openModel } from '../open-model.ts';

export const inspectCommand = defineCommand({
  name: 'inspect',
  summary:
    'show a GGUF file: architecture, hyperparameters, tokenizer, metadata, tensors (reads only the header)',
  usage: '<file|url> [--json]',
  options: { json: { type: 'boolean' } },
  positionals: 1,
  async run({ values, positionals: [location] }, io) {
    const source = await openModel(location);
    const summary = summarizeModel(await readGgufHeader(source), source.size);
    io.out(values.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(location, summary));
    return 0;
  },
});
