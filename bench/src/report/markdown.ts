// The markdown report: a summary of decode speed with the ratios the issue asks for, then one table per model.
import type { RunFigures, RunOutcome } from '../measure/run-result.ts';
import { type RuntimeId, runtimes } from '../runtimes/runtimes.ts';
import type { BenchResults, ModelResults } from './results.ts';

const MiB = 2 ** 20;

function fixed(value: number | undefined, digits = 0): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(digits);
}

function figures(outcome: RunOutcome | undefined): RunFigures | undefined {
  return outcome?.ok ? outcome.figures : undefined;
}

/** a/b for two runtimes' decode speeds on one model, e.g. "0.42x". */
export function decodeRatio(model: ModelResults, a: RuntimeId, b: RuntimeId): string {
  const x = figures(model.outcomes[a])?.decodeTokensPerSecond;
  const y = figures(model.outcomes[b])?.decodeTokensPerSecond;
  return x === undefined || y === undefined ? '–' : `${(x / y).toFixed(2)}x`;
}

/** Leading generated ids equal to llama.cpp's (1 thread), e.g. "32/32". */
function agreement(model: ModelResults, run: RunFigures): string {
  const reference = figures(model.outcomes['llamacpp-cpu-1t'])?.firstTokens;
  if (!reference || run.firstTokens.length === 0) return '–';
  let same = 0;
  while (same < run.firstTokens.length && run.firstTokens[same] === reference[same]) same++;
  return `${same}/${run.firstTokens.length}`;
}

const ratioColumns: [RuntimeId, RuntimeId][] = [
  ['wgllm-node-lavapipe', 'llamacpp-cpu-1t'],
  ['wgllm-node-lavapipe', 'llamacpp-cpu-mt'],
  ['wgllm-chromium', 'wllama-chromium'],
  ['wgllm-node-vulkan', 'llamacpp-cuda'],
  ['wgllm-node-vulkan', 'llamacpp-vulkan'],
];

function summary(results: BenchResults): string[] {
  const present = ratioColumns.filter(
    ([a, b]) => results.runtimes.includes(a) && results.runtimes.includes(b),
  );
  const head = [
    'model',
    ...results.runtimes.map((id) => `${runtimes[id].label} tok/s`),
    ...present.map(([a, b]) => `${runtimes[a].label} / ${runtimes[b].label}`),
  ];
  const rows = results.models.map((model) => [
    model.id,
    ...results.runtimes.map((id) => fixed(figures(model.outcomes[id])?.decodeTokensPerSecond, 1)),
    ...present.map(([a, b]) => decodeRatio(model, a, b)),
  ]);
  return table(head, rows);
}

function modelTable(model: ModelResults, order: RuntimeId[]): string[] {
  const runs = order.map((id) => ({ id, outcome: model.outcomes[id] })).filter((r) => r.outcome);
  const all = runs.map((r) => figures(r.outcome)).filter((f) => f !== undefined);
  // The run with every prefill figure names the columns (runs cut short by the time limit have fewer).
  const sample = all.reduce<RunFigures | undefined>(
    (a, f) => (!a || f.prefill.length > a.prefill.length ? f : a),
    undefined,
  );
  const prefillLengths = sample?.prefill.map((p) => p.tokens) ?? [];
  const head = [
    'runtime',
    'load ms',
    `TTFT ms`,
    ...prefillLengths.map((n) => `prefill tok/s (${n})`),
    `decode tok/s (${sample?.decodeTokens ?? '?'})`,
    'peak GPU MiB',
    'dispatches/tok',
    'readbacks/tok',
    'buffers/tok',
    'ids = llama.cpp',
  ];
  const rows = runs.map(({ id, outcome }) => {
    const label = runtimes[id].label;
    if (!outcome?.ok) {
      const error = (outcome?.ok === false ? outcome.error : 'not run')
        .replaceAll('|', '/')
        .replaceAll('\n', ' ');
      return [label, `error: ${error.slice(0, 160)}`, ...head.slice(2).map(() => '')];
    }
    const f = outcome.figures;
    return [
      outcome.incomplete ? `${label} (${outcome.incomplete}; partial)` : label,
      fixed(f.loadMs),
      fixed(f.ttftMs, 1),
      ...prefillLengths.map((_, i) => fixed(f.prefill[i]?.tokensPerSecond)),
      // A run cut short names its own token count.
      f.decodeTokens === sample?.decodeTokens
        ? fixed(f.decodeTokensPerSecond, 1)
        : `${fixed(f.decodeTokensPerSecond, 1)} (${f.decodeTokens} tok)`,
      f.peakGpuBytes === undefined ? '–' : fixed(f.peakGpuBytes / MiB, 1),
      fixed(f.perToken?.dispatches, 1),
      fixed(f.perToken?.readbacks, 2),
      fixed(f.perToken?.buffersCreated, 2),
      agreement(model, f),
    ];
  });
  return table(head, rows);
}

export function table(head: string[], rows: string[][]): string[] {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => ' --- ').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

export function markdownReport(results: BenchResults, svgFile: string): string {
  const { machine, versions } = results;
  const lines = [
    `# wgllm benchmarks, ${results.date.slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}; ` +
      `load average ${results.loadAverage.start.toFixed(1)} at start, ${results.loadAverage.end.toFixed(1)} at end ` +
      '(other work on the machine skews every figure).',
    `Adapters: ${machine.adapters.join('; ')}.`,
    `Versions: Node ${versions.node}, Chromium ${versions.chromium ?? '–'}, node-llama-cpp ${versions.nodeLlamaCpp} ` +
      `(CPU prebuilt), wllama ${versions.wllama}, webgpu (Dawn) ${versions.webgpu}.`,
    `Options: ${results.options.join(' ') || '(defaults)'}.`,
    '',
    'Greedy decoding; prompts are the same text for every runtime, tokenized by llama.cpp (wllama takes the text, the',
    'others the ids). Synthetic models have the real shapes of the models named and random weights. wgllm counters',
    'are per decode step, counted through a wrapped GPUDevice.',
    '',
    '## Decode speed (tokens/s) and ratios',
    '',
    ...summary(results),
    '',
    `![decode tokens/s](${svgFile})`,
    '',
  ];
  for (const model of results.models) {
    lines.push(
      `## ${model.id} (${model.kind}, ${(model.bytes / MiB).toFixed(1)} MiB)`,
      '',
      ...modelTable(model, results.runtimes),
      '',
    );
  }
  return lines.join('\n');
}
