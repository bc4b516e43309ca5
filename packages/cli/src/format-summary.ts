import type { ModelSummary, SummaryValue } from './model-summary.ts';

function show(value: SummaryValue): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value))
    return `[${value.length} × ${value.arrayOf}]`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => row[col]?.length ?? 0))) ?? [];
  return rows
    .map((row) => `  ${row.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ')}`.trimEnd())
    .join('\n');
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

/** Human-readable report of `wgllm inspect`. */
export function formatSummary(location: string, s: ModelSummary): string {
  const hyper = Object.entries(s.hyperparameters).map(([k, v]) => [k, show(v)]);
  const meta = Object.entries(s.metadata).map(([k, v]) => [k, show(v)]);
  const tensors = [
    ['name', 'type', 'shape', 'bytes'],
    ...s.tensors.map((t) => [t.name, t.type, `[${t.shape.join(', ')}]`, String(t.bytes)]),
  ];
  const byType = Object.entries(s.totals.byType)
    .map(([type, n]) => `${type} ×${n}`)
    .join(', ');
  return [
    `${location}: GGUF v${s.version}, ${s.fileBytes} bytes (${mib(s.fileBytes)})`,
    `architecture: ${s.architecture ?? '(none)'}${s.name ? ` (${s.name})` : ''}`,
    'hyperparameters:',
    hyper.length ? table(hyper) : '  (none)',
    `tokenizer: ${s.tokenizer.model ?? '(none)'}${s.tokenizer.pre ? ` / ${s.tokenizer.pre}` : ''}, vocab ${s.tokenizer.vocabSize}, merges ${s.tokenizer.mergeCount}`,
    'metadata:',
    table(meta),
    'tensors:',
    s.tensors.length ? table(tensors) : '  (none)',
    `totals: ${s.totals.count} tensors, ${s.totals.bytes} bytes (${mib(s.totals.bytes)})${byType ? `; ${byType}` : ''}`,
    '',
  ].join('\n');
}
