// Renders the lab's rows as a table: one row per model, the base first.
import type { LabRow } from './lab-protocol.ts';

const columns: [string, (row: LabRow) => string][] = [
  ['model', (r) => r.name],
  ['PPL', (r) => `${r.perplexity.toFixed(4)} ± ${r.perplexityStderr.toFixed(4)}`],
  ['ΔPPL', (r) => signed(r.deltaPerplexity ?? 0)],
  ['KLD mean', (r) => (r.kl && r.kl.mean > 0 ? r.kl.mean.toExponential(2) : '0')],
  ['top-1 agree', (r) => `${((r.top1Agreement ?? 1) * 100).toFixed(2)}%`],
  ['KV bytes/token', (r) => String(r.kvBytesPerToken)],
  ['tok/s', (r) => r.tokensPerSecond.toFixed(0)],
  ['scored tokens', (r) => String(r.scoredTokens)],
];

function signed(value: number): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(4)}`;
}

function cellRow(tag: 'th' | 'td', texts: readonly string[]): HTMLTableRowElement {
  const tr = document.createElement('tr');
  for (const text of texts) tr.append(Object.assign(document.createElement(tag), { textContent: text }));
  return tr;
}

export function renderResultsTable(table: HTMLTableElement, rows: readonly LabRow[]): void {
  const thead = document.createElement('thead');
  thead.append(
    cellRow(
      'th',
      columns.map(([title]) => title),
    ),
  );
  const tbody = document.createElement('tbody');
  tbody.append(
    ...rows.map((row) =>
      cellRow(
        'td',
        columns.map(([, cell]) => cell(row)),
      ),
    ),
  );
  table.replaceChildren(thead, tbody);
}
