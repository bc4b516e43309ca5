import { defineCommand } from '../define-command.ts';
import { openTokenizer } from './tokenize.ts';

/** `--ids 1,2,3` as numbers (not yet checked). */
const idList = (text: string): number[] => text.split(',').map((id) => Number(id.trim()));

export const detokenizeCommand = defineCommand({
  name: 'detokenize',
  summary: 'turn token ids back into text the way llama.cpp does',
  usage: '<model.gguf|url> --ids 1,2,3 [--special]',
  options: { ids: { type: 'string' }, special: { type: 'boolean' } },
  positionals: 1,
  complete: (values) =>
    values.ids !== undefined && idList(values.ids).every((id) => Number.isInteger(id) && id >= 0),
  async run({ values, positionals: [location] }, io) {
    const ids = idList(values.ids!);
    const tokenizer = await openTokenizer(location);
    const unknown = ids.find((id) => id >= tokenizer.vocabSize);
    if (unknown !== undefined) {
      io.err(`wgllm detokenize: id ${unknown} is outside the vocabulary (${tokenizer.vocabSize} tokens)\n`);
      return 1;
    }
    io.out(`${tokenizer.decode(ids, { unparseSpecial: values.special ?? false })}\n`);
    return 0;
  },
});
