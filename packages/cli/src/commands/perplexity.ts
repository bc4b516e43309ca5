import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type BaseReference,
  compareWithBase,
  cpuQualityModel,
  decodeBaseReference,
  encodeBaseReference,
  formatQualityTable,
  measureBase,
  type QualityRow,
} from '@wgllm/quality';
import type { Command, CommandIo } from '../command.ts';

const options = {
  file: { type: 'string', short: 'f' },
  ctx: { type: 'string', short: 'c', default: '128' },
  'kl-base': { type: 'string' },
  'save-logits': { type: 'string' },
  'top-k': { type: 'string' },
  json: { type: 'boolean' },
} as const;

/** A progress bar on stderr, redrawn in place. */
function progressBar(io: CommandIo, label: string, total: number): () => void {
  let done = 0;
  return () => {
    done++;
    const width = 30;
    const filled = Math.round((width * done) / total);
    io.err(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} windows`);
    if (done === total) io.err('\n');
  };
}

const isGguf = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(0, 4)) === 'GGUF';

export const perplexityCommand: Command = {
  summary:
    'perplexity over a text in llama-perplexity windows; with --kl-base, KL divergence and top-1 agreement vs a base',
  usage:
    '<model.gguf> --file TEXT [--ctx N] [--kl-base base.gguf|base.logprobs] [--save-logits F] [--top-k K] [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
    const [path] = positionals;
    if (path === undefined || positionals.length > 1 || values.file === undefined) {
      io.err(`usage: wgllm perplexity ${this.usage}\n`);
      return 1;
    }
    const ctx = Number(values.ctx);
    const text = readFileSync(values.file, 'utf8');
    // The CPU reference forward until the GPU engine scores every position (see docs/quality.md).
    const model = cpuQualityModel(path, new Uint8Array(readFileSync(path)), ctx);
    const windows = Math.floor(model.tokenize(text).length / ctx);
    const topK = values['top-k'] === undefined ? model.vocabSize : Number(values['top-k']);
    if (!Number.isInteger(topK) || topK < 1) throw new Error(`--top-k expects a positive integer`);

    const rows: QualityRow[] = [];
    let reference: BaseReference | undefined;
    const basePath = values['kl-base'];
    if (basePath !== undefined) {
      const bytes = new Uint8Array(readFileSync(basePath));
      if (isGguf(bytes)) {
        const base = cpuQualityModel(basePath, bytes, ctx);
        const measured = await measureBase(base, text, ctx, topK, progressBar(io, 'base', windows));
        rows.push(measured.row);
        reference = measured.reference;
      } else {
        reference = decodeBaseReference(bytes);
        if (reference.ctx !== ctx) throw new Error(`${basePath} was saved with --ctx ${reference.ctx}`);
        if (model.tokenize(text).join() !== reference.tokens.join())
          throw new Error(`${basePath} was saved for a different text or tokenizer`);
      }
      rows.push(await compareWithBase(model, reference, progressBar(io, 'model', windows)));
    } else {
      const measured = await measureBase(model, text, ctx, topK, progressBar(io, 'model', windows));
      rows.push({ ...measured.row, deltaPerplexity: undefined, kl: undefined, top1Agreement: undefined });
      if (values['save-logits'] !== undefined) {
        writeFileSync(values['save-logits'], encodeBaseReference(measured.reference));
        io.err(`saved top-${measured.reference.topK} log-probs of ${measured.reference.count} positions\n`);
      }
    }
    io.out(values.json ? `${JSON.stringify(rows, null, 2)}\n` : `${formatQualityTable(rows)}\n`);
    return 0;
  },
};
