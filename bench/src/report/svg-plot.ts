// Decode tokens/s per model and runtime as a grouped horizontal bar chart on a log scale, as plain SVG.
import { type RuntimeId, runtimes } from '../runtimes/runtimes.ts';
import type { BenchResults } from './results.ts';

const palette = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f'];
const BAR = 12; // px per bar
const GAP = 10; // px between models
const LABEL_WIDTH = 230; // px for model names
const PLOT_WIDTH = 560; // px for the bars
const LEGEND_ROW = 18; // px per legend line

function xmlText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

export function decodeSpeedSvg(results: BenchResults): string {
  const order: RuntimeId[] = results.runtimes;
  const values = results.models.flatMap((m) =>
    order.map((id) => {
      const o = m.outcomes[id];
      return o?.ok ? o.figures.decodeTokensPerSecond : 0;
    }),
  );
  const positive = values.filter((v) => v > 0);
  // Log axis from the decade below the slowest to the decade above the fastest.
  const low = 10 ** Math.floor(Math.log10(Math.min(...positive, 1)));
  const high = 10 ** Math.ceil(Math.log10(Math.max(...positive, 10)));
  const x = (v: number) => LABEL_WIDTH + (PLOT_WIDTH * Math.log10(v / low)) / Math.log10(high / low);

  const legendHeight = order.length * LEGEND_ROW + 10;
  const top = 30 + legendHeight;
  const groupHeight = order.length * BAR + GAP;
  const height = top + results.models.length * groupHeight + 30;
  const width = LABEL_WIDTH + PLOT_WIDTH + 70;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="10" y="18" font-size="14">Decode tokens/s (log scale), ${xmlText(results.date.slice(0, 10))}, ${xmlText(results.machine.cpu)}</text>`,
  ];
  order.forEach((id, i) => {
    const y = 30 + i * LEGEND_ROW;
    out.push(`<rect x="10" y="${y}" width="12" height="12" fill="${palette[i % palette.length]}"/>`);
    out.push(`<text x="28" y="${y + 10}">${xmlText(runtimes[id].label)}</text>`);
  });
  for (let tick = low; tick <= high; tick *= 10) {
    const tx = x(tick);
    out.push(`<line x1="${tx}" y1="${top - 4}" x2="${tx}" y2="${height - 24}" stroke="#ddd"/>`);
    out.push(`<text x="${tx}" y="${height - 10}" text-anchor="middle">${tick}</text>`);
  }
  results.models.forEach((model, m) => {
    const y0 = top + m * groupHeight;
    out.push(
      `<text x="${LABEL_WIDTH - 6}" y="${y0 + (order.length * BAR) / 2 + 4}" text-anchor="end">${xmlText(model.id)}</text>`,
    );
    order.forEach((id, i) => {
      const outcome = model.outcomes[id];
      const y = y0 + i * BAR;
      if (!outcome?.ok) {
        if (outcome) out.push(`<text x="${LABEL_WIDTH + 4}" y="${y + BAR - 2}" fill="#999">error</text>`);
        return;
      }
      const v = outcome.figures.decodeTokensPerSecond;
      out.push(
        `<rect x="${LABEL_WIDTH}" y="${y}" width="${Math.max(1, x(v) - LABEL_WIDTH)}" height="${BAR - 2}" fill="${palette[i % palette.length]}"/>`,
      );
      out.push(`<text x="${x(v) + 4}" y="${y + BAR - 2}">${v.toFixed(v < 10 ? 1 : 0)}</text>`);
    });
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
