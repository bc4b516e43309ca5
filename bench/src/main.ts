// npm run bench: every model on every runtime, then the markdown table, JSON and SVG plot in bench/results/.
import { existsSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './args.ts';
import type { RunOutcome } from './measure/run-result.ts';
import { benchModels } from './models/catalog.ts';
import { promptMaker } from './prompt-text.ts';
import { machineInfo, versions } from './report/machine-info.ts';
import { markdownReport } from './report/markdown.ts';
import type { BenchResults, ModelResults } from './report/results.ts';
import { writeResults } from './report/write-results.ts';
import { runNodeCell } from './run-node-cell.ts';
import { type ChromiumHost, startChromiumHost } from './runtimes/chromium/chromium-host.ts';
import { cpuLlama, disposeLlamas } from './runtimes/llamacpp/llamacpp-runtime.ts';
import { cpuMachineRuntimes, runtimes } from './runtimes/runtimes.ts';
import { workloadFor } from './workload.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '../..');
/** shared/models beside the repo (this machine) or inside the checkout (device machines). */
const fixturesDir =
  [join(repoRoot, '../shared/models'), join(repoRoot, 'shared/models')].find((dir) => existsSync(dir)) ??
  join(repoRoot, '../shared/models');
/** Decode tokens when neither the flags nor the model say otherwise. */
const DEFAULT_DECODE_TOKENS = 128;

export async function main(argv: string[]): Promise<number> {
  const options = parseArgs(argv, { runtimes: cpuMachineRuntimes, outDir: join(repoRoot, 'bench/results') });
  const date = new Date().toISOString();
  const loadAtStart = loadavg()[0] ?? 0;
  console.log(`generating or reusing models (synthetic ones cached in .cache/bench-models)...`);
  const models = await benchModels({
    fixturesDir,
    cacheDir: join(repoRoot, '.cache/bench-models'),
    ...(options.layers === undefined ? {} : { layers: options.layers }),
    ...(options.models === undefined ? {} : { only: options.models }),
    recipes: options.recipes,
  });
  const chromium: ChromiumHost | undefined = options.runtimes.some((id) => runtimes[id].host === 'chromium')
    ? await startChromiumHost()
    : undefined;
  const llama = await cpuLlama();
  const adapters = new Set<string>();
  const results: ModelResults[] = [];
  try {
    for (const model of models) {
      const prompts = await promptMaker(llama, model.path);
      const workload = workloadFor(
        {
          prefillLengths: options.prefillLengths,
          decodePromptLength: options.decodePromptLength,
          decodeTokens: options.decodeTokens ?? model.decodeTokens ?? DEFAULT_DECODE_TOKENS,
        },
        model.contextLength,
        prompts.prompt,
      );
      await prompts.dispose();
      const outcomes: ModelResults['outcomes'] = {};
      for (const id of options.runtimes) {
        const timeoutMs = options.timeoutSeconds * 1000;
        const outcome: RunOutcome =
          runtimes[id].host === 'chromium' && chromium
            ? await chromium.run(id, model.path, workload, timeoutMs)
            : await runNodeCell({ runtime: id, modelPath: model.path, workload }, timeoutMs);
        outcomes[id] = outcome;
        if (outcome.ok && runtimes[id].family === 'wgllm')
          adapters.add(`${runtimes[id].label}: ${outcome.figures.backend}`);
        console.log(
          `${model.id.padEnd(28)} ${runtimes[id].label.padEnd(30)} ` +
            (outcome.ok
              ? `decode ${outcome.figures.decodeTokensPerSecond.toFixed(1)} tok/s, ttft ${outcome.figures.ttftMs.toFixed(1)} ms`
              : `error: ${outcome.error.slice(0, 200)}`),
        );
      }
      results.push({ id: model.id, kind: model.kind, bytes: statSync(model.path).size, outcomes });
    }
    const browser = chromium ? await chromium.environment() : undefined;
    if (browser) adapters.add(`Chromium: ${browser.adapter}`);
    const report: BenchResults = {
      date,
      machine: machineInfo([...adapters]),
      versions: versions(browser?.version),
      options: argv,
      loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0 },
      runtimes: options.runtimes,
      models: results,
    };
    const written = writeResults(options.outDir, report);
    console.log(`\n${markdownReport(report, 'latest.svg')}\nwrote ${written.join(', ')}`);
    return 0;
  } finally {
    await chromium?.close();
    await disposeLlamas();
  }
}
