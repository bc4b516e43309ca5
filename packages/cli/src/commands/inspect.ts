import { readGgufHeader } from '@wgllm/gguf';
import { defineCommand } from '../define-command.ts';
import { formatSummary } from '../format-summary.ts';
import { adapterFit, formatFit } from '../memory-estimate.ts';
import { summarizeModel } from '../model-summary.ts';
import { numberFlag } from '../number-flag.ts';
import { openModel } from '../open-model.ts';

export const inspectCommand = defineCommand({
  name: 'inspect',
  summary:
    'show a GGUF file: architecture, hyperparameters, tokenizer, metadata, tensors (reads only the header); ' +
    'with --memory, --ctx or --budget-mib, the GPU memory it needs on this adapter',
  usage: '<file|url> [--json] [--memory] [--ctx N] [--budget-mib N]',
  options: {
    json: { type: 'boolean' },
    memory: { type: 'boolean' },
    ctx: { type: 'string' },
    'budget-mib': { type: 'string' },
  },
  positionals: 1,
  async run({ values, positionals: [location] }, io) {
    const source = await openModel(location);
    const header = await readGgufHeader(source);
    const summary = summarizeModel(header, source.size);
    const budget = values['budget-mib'];
    const fit =
      values.memory || values.ctx !== undefined || budget !== undefined
        ? await adapterFit(header, {
            ...(values.ctx !== undefined && { contextLength: numberFlag(values.ctx, 'ctx', 0) }),
            ...(budget !== undefined && { budgetBytes: numberFlag(budget, 'budget-mib', 0) * 2 ** 20 }),
          })
        : undefined;
    if (values.json) io.out(`${JSON.stringify(fit ? { ...summary, memory: fit } : summary, null, 2)}\n`);
    else io.out(formatSummary(location, summary) + (fit ? formatFit(fit) : ''));
    return 0;
  },
});
