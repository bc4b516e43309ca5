import { parseArgs } from 'node:util';
import type { GgufSource } from '@wgllm/gguf';
import {
  defaultSamplingOptions,
  type GenerateResult,
  generate,
  type LoadedModel,
  type LoadOptions,
  loadCpuReferenceModel,
  loadGpuModel,
  requestEngineDevice,
  type SamplingOptions,
} from '@wgllm/runtime';
import type { Command } from '../command.ts';
import { openModel } from '../open-model.ts';

const options = {
  prompt: { type: 'string', short: 'p' },
  'n-predict': { type: 'string', short: 'n', default: '128' },
  temp: { type: 'string' },
  'top-k': { type: 'string' },
  'top-p': { type: 'string' },
  'min-p': { type: 'string' },
  'repeat-penalty': { type: 'string' },
  'repeat-last-n': { type: 'string' },
  'frequency-penalty': { type: 'string' },
  'presence-penalty': { type: 'string' },
  seed: { type: 'string' },
  stop: { type: 'string', multiple: true },
  ctx: { type: 'string' },
  cpu: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} expects a number, got '${value}'`);
  return n;
}

interface Backend {
  model: LoadedModel;
  /** The adapter that ran the model ("cpu reference" for --cpu). */
  adapterName: string;
  close(): void;
}

/** The GPU through Dawn (whichever adapter the environment selects, e.g. VK_ICD_FILENAMES), or the CPU reference. */
async function openBackend(source: GgufSource, cpu: boolean, options: LoadOptions): Promise<Backend> {
  if (cpu) {
    const model = await loadCpuReferenceModel(source, options);
    return { model, adapterName: 'cpu reference', close: () => model.destroy() };
  }
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals); // the engine uses GPUBufferUsage & co. as globals, as in a browser
  const gpu = await requestEngineDevice(create([]));
  try {
    const model = await loadGpuModel(gpu, source, options);
    return {
      model,
      adapterName: gpu.adapterName,
      close: () => {
        model.destroy();
        gpu.device.destroy();
      },
    };
  } catch (error) {
    gpu.device.destroy();
    throw error;
  }
}

export const runCommand: Command = {
  summary:
    'generate text from a prompt (llama-family GGUF; WebGPU through Dawn, or --cpu for the CPU reference)',
  usage:
    '<model.gguf> -p PROMPT [-n N] [--temp T] [--top-k K] [--top-p P] [--min-p P] [--repeat-penalty R] [--seed S] [--stop STR] [--ctx N] [--cpu] [--json]',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options });
    const [location] = positionals;
    if (location === undefined || positionals.length > 1 || values.prompt === undefined) {
      io.err(`usage: wgllm run ${this.usage}\n`);
      return 1;
    }
    const d = defaultSamplingOptions;
    const sampling: SamplingOptions = {
      ...d,
      temperature: numberOption(values.temp, 'temp', d.temperature),
      topK: numberOption(values['top-k'], 'top-k', d.topK),
      topP: numberOption(values['top-p'], 'top-p', d.topP),
      minP: numberOption(values['min-p'], 'min-p', d.minP),
      repetitionPenalty: numberOption(values['repeat-penalty'], 'repeat-penalty', d.repetitionPenalty),
      penaltyLastN: numberOption(values['repeat-last-n'], 'repeat-last-n', d.penaltyLastN),
      frequencyPenalty: numberOption(values['frequency-penalty'], 'frequency-penalty', d.frequencyPenalty),
      presencePenalty: numberOption(values['presence-penalty'], 'presence-penalty', d.presencePenalty),
      seed: numberOption(values.seed, 'seed', Date.now() >>> 0),
    };
    const contextLength =
      values.ctx === undefined ? {} : { contextLength: numberOption(values.ctx, 'ctx', 0) };

    const loadStart = performance.now();
    const backend = await openBackend(await openModel(location), values.cpu === true, contextLength);
    const { model } = backend;
    const loadMs = performance.now() - loadStart;
    try {
      // As llama.cpp: [BOS] + the prompt's tokens, control-token text left as text.
      const promptIds = model.tokenizer.encode(values.prompt, { addSpecial: true, parseSpecial: false });
      const result: GenerateResult = await generate(
        model.runner,
        model.tokenizer.createStreamDecoder(),
        {
          promptIds,
          sampling,
          maxTokens: numberOption(values['n-predict'], 'n-predict', 128),
          stopTokenIds: model.endOfGenerationIds,
          stopStrings: values.stop ?? [],
        },
        values.json ? undefined : (chunk) => io.out(chunk.text),
      );
      const timing = {
        loadMs: round(loadMs),
        prefillMs: round(result.prefillMs),
        decodeMs: round(result.decodeMs),
        prefillTokensPerSecond: round((promptIds.length / result.prefillMs) * 1000),
        // The first generated token comes out of the prefill; each later one costs one decode step.
        decodeTokensPerSecond: round((Math.max(result.tokens.length - 1, 0) / result.decodeMs) * 1000),
      };
      if (values.json) {
        const report = {
          promptIds,
          generatedIds: result.tokens,
          text: result.text,
          finishReason: result.finishReason,
          adapter: backend.adapterName,
          timing,
        };
        io.out(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        io.out('\n');
        io.err(
          `\n[${result.tokens.length} tokens, ${result.finishReason}; load ${timing.loadMs} ms, prefill ${timing.prefillTokensPerSecond} tok/s, decode ${timing.decodeTokensPerSecond} tok/s]\n`,
        );
      }
      return 0;
    } finally {
      backend.close();
    }
  },
};

const round = (x: number) => Math.round(x * 10) / 10;
