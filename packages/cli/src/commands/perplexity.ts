import { readFileSync, writeFileSync } from 'node:fs';
import { bufferSource } from '@wgllm/gguf';
import {
  type BaseReference,
  compareWithBase,
  cpuQualityModel,
  decodeBaseReference,
  encodeBaseReference,
  formatQualityTable,
  measureBase,
  type QualityModel,
  type QualityRow,
  runnerQualityModel,
} from '@wgllm/quality';
import { type KernelDevice, loadGpuModel, requestKernelDevice } from '@wgllm/runtime';
import type { CommandIo } from '../command.ts';
import { defineCommand } from '../define-command.ts';

const options = {
  file: { type: 'string', short: 'f' },
  ctx: { type: 'string', short: 'c', default: '128' },
  'kl-base': { type: 'string' },
  'save-logits': { type: 'string' },
  'top-k': { type: 'string' },
  gpu: { type: 'boolean' },
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

/** Opens models on the CPU reference, or on the GPU engine (WebGPU through Dawn) with --gpu. */
async function modelLoader(useGpu: boolean, ctx: number) {
  if (!useGpu) {
    return {
      load: async (path: string, bytes: Uint8Array) => cpuQualityModel(path, bytes, ctx),
      close: () => {},
    };
  }
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals); // the engine uses GPUBufferUsage & co. as globals, as in a browser
  const gpu: KernelDevice = await requestKernelDevice(create([]));
  const loaded: { destroy(): void }[] = [];
  return {
    load: async (path: string, bytes: Uint8Array): Promise<QualityModel> => {
      const model = await loadGpuModel(gpu, bufferSource(bytes), { contextLength: ctx });
      loaded.push(model);
      return runnerQualityModel(path, model, gpu.shaderF16 ? 2 : 4);
    },
    close: () => {
      for (const model of loaded) model.destroy();
      gpu.device.destroy();
    },
  };
}

export const perplexityCommand = defineCommand({
  name: 'perplexity',
  summary:
    'perplexity over a text in llama-perplexity windows; with --kl-base, KL divergence and top-1 agreement vs a base',
  usage:
    '<model.gguf> --file TEXT [--ctx N] [--kl-base base.gguf|base.logprobs] [--save-logits F] [--top-k K] [--gpu] [--json]',
  options,
  positionals: 1,
  required: ['file'],
  async run({ values, positionals: [path] }, io) {
    const ctx = Number(values.ctx);
    const text = readFileSync(values.file, 'utf8');
    const loader = await modelLoader(values.gpu === true, ctx);
    try {
      const model = await loader.load(path, new Uint8Array(readFileSync(path)));
      const windows = Math.floor(model.tokenize(text).length / ctx);
      const topK = values['top-k'] === undefined ? model.vocabSize : Number(values['top-k']);
      if (!Number.isInteger(topK) || topK < 1) throw new Error(`--top-k expects a positive integer`);

      const rows: QualityRow[] = [];
      let reference: BaseReference | undefined;
      const basePath = values['kl-base'];
      if (basePath !== undefined) {
        const bytes = new Uint8Array(readFileSync(basePath));
        if (isGguf(bytes)) {
          const base = await loader.load(basePath, bytes);
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
    } finally {
      loader.close();
    }
  },
});
