import { readFileSync } from 'node:fs';
import { readGgufHeader } from '@wgllm/gguf';
import { Tokenizer } from '@wgllm/tokenizer';
import { defineCommand } from '../define-command.ts';
import { openModel } from '../open-model.ts';

/** The tokenizer of a GGUF file or URL (reads only the header). */
export async function openTokenizer(location: string): Promise<Tokenizer> {
  return Tokenizer.fromGguf((await readGgufHeader(await openModel(location))).metadata);
}

export const tokenizeCommand = defineCommand({
  name: 'tokenize',
  summary: 'turn text into token ids the way llama.cpp does',
  usage: '<model.gguf|url> (--text T | --text-file F) [--no-parse-special] [--no-bos] [--json]',
  options: {
    text: { type: 'string' },
    'text-file': { type: 'string' },
    'no-parse-special': { type: 'boolean' },
    'no-bos': { type: 'boolean' },
    json: { type: 'boolean' },
  },
  positionals: 1,
  complete: (values) => (values.text === undefined) !== (values['text-file'] === undefined),
  async run({ values, positionals: [location] }, io) {
    const tokenizer = await openTokenizer(location);
    const text = values.text ?? readFileSync(values['text-file']!, 'utf8');
    const ids = tokenizer.encode(text, {
      addSpecial: !values['no-bos'],
      parseSpecial: !values['no-parse-special'],
    });
    if (values.json) {
      io.out(`${JSON.stringify(ids)}\n`);
    } else {
      const rows = ids.map((id) => `${String(id).padStart(7)}  ${JSON.stringify(tokenizer.tokenText(id))}`);
      io.out(`${rows.join('\n')}\n${ids.length} tokens\n`);
    }
    return 0;
  },
});
