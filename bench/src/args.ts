// Command-line flags of the bench (`npm run bench -- --layers 2 --models stories`).

import { type QuantRecipe, quantRecipes } from './models/quant-recipe.ts';
import { isRuntimeId, type RuntimeId } from './runtimes/runtimes.ts';

export interface BenchOptions {
  runtimes: RuntimeId[];
  /** Keep models whose id contains one of these. */
  models?: string[];
  /** Layers kept in the synthetic models. */
  layers?: number;
  recipes: QuantRecipe[];
  /** Prompt lengths (tokens) for prefill speed. */
  prefillLengths: number[];
  decodePromptLength: number;
  /** Greedy tokens in the decode run; undefined: 128, or the model's own target. */
  decodeTokens?: number;
  /** Limit per (runtime, model) measurement, s. */
  timeoutSeconds: number;
  outDir: string;
}

export const usage = `flags:
  --runtimes a,b     runtimes (default: this machine's set); ids: see bench/src/runtimes/runtimes.ts
  --models a,b       only models whose id contains one of these (e.g. stories,qwen)
  --layers N         cut the synthetic models to N layers (default: their real count)
  --recipes a,b      synthetic quantizations among ${quantRecipes.join(',')} (default: all)
  --prefill a,b      prompt lengths for prefill speed, tokens (default 128,1024; clamped to the context)
  --decode N         greedy tokens in the decode run (default 128; stories260K: 200, the issue's target)
  --decode-prompt N  prompt tokens before the decode run (default 128)
  --timeout S        limit per runtime and model, seconds (default 600)
  --out DIR          results folder (default bench/results)`;

function list(value: string): string[] {
  return value.split(',').filter(Boolean);
}

function positive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${flag} wants a positive integer, got '${value}'`);
  return n;
}

export function parseArgs(argv: string[], defaults: { runtimes: RuntimeId[]; outDir: string }): BenchOptions {
  const options: BenchOptions = {
    runtimes: defaults.runtimes,
    recipes: [...quantRecipes],
    prefillLengths: [128, 1024],
    decodePromptLength: 128,
    timeoutSeconds: 600,
    outDir: defaults.outDir,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i] ?? '';
    const value = argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${usage}`);
    switch (flag) {
      case '--runtimes': {
        const ids = list(value);
        const bad = ids.filter((id) => !isRuntimeId(id));
        if (bad.length > 0) throw new Error(`unknown runtime ${bad.join(', ')}`);
        options.runtimes = ids as RuntimeId[];
        break;
      }
      case '--models':
        options.models = list(value);
        break;
      case '--layers':
        options.layers = positive(flag, value);
        break;
      case '--recipes': {
        const recipes = list(value);
        const bad = recipes.filter((r) => !(quantRecipes as readonly string[]).includes(r));
        if (bad.length > 0) throw new Error(`unknown recipe ${bad.join(', ')}`);
        options.recipes = recipes as QuantRecipe[];
        break;
      }
      case '--prefill':
        options.prefillLengths = list(value).map((v) => positive(flag, v));
        break;
      case '--decode':
        options.decodeTokens = positive(flag, value);
        break;
      case '--decode-prompt':
        options.decodePromptLength = positive(flag, value);
        break;
      case '--timeout':
        options.timeoutSeconds = positive(flag, value);
        break;
      case '--out':
        options.outDir = value;
        break;
      default:
        throw new Error(`unknown flag ${flag}\n${usage}`);
    }
  }
  return options;
}
