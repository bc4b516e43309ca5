import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { openTokenizer } from './tokenize.ts';

export const detokenizeCommand: Command = {
  summary: 'turn token ids back into text the way llama.cpp does',
  usage: '<model.gguf|url> --ids 1,2,3 [--special]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { ids: { type: 'string' }, special: { type: 'boolean' } },
    });
    const [location] = positionals;
    const ids = values.ids?.split(',').map((id) => Number(id.trim()));
    if (
      location === undefined ||
      positionals.length > 1 ||
      !ids ||
      ids.some((id) => !Number.isInteger(id) || id < 0)
    ) {
      io.err(`usage: wgllm detokenize ${this.usage}\n`);
      return 1;
    }
    const tokenizer = await openTokenizer(location);
    const unknown = ids.find((id) => id >= tokenizer.vocabSize);
    if (unknown !== undefined) {
      io.err(`wgllm detokenize: id ${unknown} is outside the vocabulary (${tokenizer.vocabSize} tokens)\n`);
      return 1;
    }
    io.out(`${tokenizer.decode(ids, { unparseSpecial: values.special ?? false })}\n`);
    return 0;
  },
};
