import { generateText } from '@wgllm/runtime';
import { backendFlags, openBackend } from '../backend.ts';
import { defineCommand } from '../define-command.ts';
import { numberFlag } from '../number-flag.ts';
import { samplingFlags, samplingFlagsUsage, samplingFromFlags } from '../sampling-flags.ts';
import {
  compileConstraint,
  grammarFlags,
  grammarFlagsUsage,
  grammarFromFlags,
} from '../structured/grammar-flags.ts';

const options = {
  prompt: { type: 'string', short: 'p' },
  'n-predict': { type: 'string', short: 'n', default: '128' },
  ...samplingFlags,
  stop: { type: 'string', multiple: true },
  ...grammarFlags,
  ...backendFlags,
  json: { type: 'boolean' },
} as const;

export const runCommand = defineCommand({
  name: 'run',
  summary:
    'generate text from a prompt (llama-family GGUF; WebGPU through Dawn, or --cpu for the CPU reference)',
  usage: `<model.gguf> -p PROMPT [-n N] ${samplingFlagsUsage} [--stop STR] ${grammarFlagsUsage} [--ctx N] [--cpu] [--json]`,
  options,
  positionals: 1,
  required: ['prompt'],
  async run({ values, positionals: [location] }, io) {
    const sampling = samplingFromFlags(values);
    // Read and checked before the model loads: a bad file fails at once.
    const grammar = grammarFromFlags(values);

    const loadStart = performance.now();
    const backend = await openBackend(location, values);
    const { model } = backend;
    const loadMs = performance.now() - loadStart;
    let constraint: Awaited<ReturnType<typeof compileConstraint>> | undefined;
    try {
      constraint = grammar && (await compileConstraint(model, grammar));
      // As llama.cpp: [BOS] + the prompt's tokens, control-token text left as text.
      const result = await generateText(
        model,
        {
          prompt: { text: values.prompt },
          sampling,
          maxTokens: numberFlag(values['n-predict'], 'n-predict', 128),
          stopStrings: values.stop ?? [],
          ...(constraint && { constraint }),
        },
        values.json ? {} : { onText: (text) => io.out(text) },
      );
      const { promptIds } = result;
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
      constraint?.dispose();
      backend.close();
    }
  },
});

const round = (x: number) => Math.round(x * 10) / 10;
