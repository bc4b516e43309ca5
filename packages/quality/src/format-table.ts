// Quality rows as a Markdown table (CLI output, docs/quality.md, the demo's Quality lab page).
import type { QualityRow } from './quality-row.ts';

const fixed = (value: number | undefined, digits: number) =>
  value === undefined ? '' : value.toFixed(digits);
const signed = (value: number | undefined, digits: number) =>
  value === undefined ? '' : `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
const sci = (value: number | undefined) =>
  value === undefined ? '' : value === 0 ? '0' : value.toExponential(2);

export function formatQualityTable(
  rows: readonly QualityRow[],
  extra: Record<string, string[]> = {},
): string {
  const extraNames = Object.keys(extra);
  const header = [
    'model',
    'PPL',
    'ΔPPL',
    'KL mean',
    'KL median',
    'KL p99',
    'KL max',
    'top-1 agree',
    'KV bytes/token',
    ...extraNames,
  ];
  const lines = rows.map((row, i) => [
    row.name,
    `${fixed(row.perplexity, 4)} ± ${fixed(row.perplexityStderr, 4)}`,
    signed(row.deltaPerplexity, 4),
    row.kl ? `${sci(row.kl.mean)} ± ${sci(row.kl.stderr)}` : '',
    sci(row.kl?.median),
    sci(row.kl?.p99),
    sci(row.kl?.max),
    row.top1Agreement === undefined ? '' : `${(100 * row.top1Agreement).toFixed(2)}%`,
    String(row.kvBytesPerToken),
    ...extraNames.map((name) => extra[name]![i] ?? ''),
  ]);
  return [header, header.map(() => '---'), ...lines].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
