import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readGgufHeader } from '@wgllm/gguf';
import { Tokenizer } from '@wgllm/tokenizer';
import type { Command } from '../command.ts';
import { openModel } from '../open-model.ts';

/** The tokenizer of a GGUF file or URL (reads only the header). */
export async function openTokenizer(location: string): Promise<Tokenizer> {
  return Tokenizer.fromGguf((await readGgufHeader(await openModel(location))).metadata);
}

export const tokenizeCommand: Command = {
  summary: 'turn text into token ids the way llama.cpp does',
  usage: '<model.gguf|url> (--text T | --text-file F) [--no-parse-special] [--no-bos] [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        text: { type: 'string' },
        'text-file': { type: 'string' },
        'no-parse-special': { type: 'boolean' },
        'no-bos': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    });
    const [location] = positionals;
    if (
      location === undefined ||
      positionals.length > 1 ||
      (values.text === undefined) === (values['text-file'] === undefined)
    ) {
      io.err(`usage: wgllm tokenize ${this.usage}\n`);
      return 1;
    }
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
};
