// An inline SVG bar chart of each variant's mean KL divergence from the base, on a log scale: the types that
// matter here span 3e-4 (Q8_0) to several nats (pooled KV heads), which a linear axis would flatten to nothing.
import type { LabRow } from './lab-protocol.ts';

const SVG = 'http://www.w3.org/2000/svg';
const ROW_HEIGHT = 28;
const LABEL_WIDTH = 170;
const BAR_WIDTH = 420;
const FLOOR = 1e-5;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

export function renderKldChart(container: HTMLElement, rows: readonly LabRow[]): void {
  const variants = rows.slice(1); // the base's KL is 0 by definition
  const klds = variants.map((row) => Math.max(row.kl?.mean ?? 0, FLOOR));
  const decades = {
    low: Math.floor(Math.log10(Math.min(...klds, 1e-3))),
    high: Math.ceil(Math.log10(Math.max(...klds, 1))),
  };
  const scale = (kld: number) => ((Math.log10(kld) - decades.low) / (decades.high - decades.low)) * BAR_WIDTH;
  const height = variants.length * ROW_HEIGHT + 30;
  const chart = svg('svg', { width: LABEL_WIDTH + BAR_WIDTH + 90, height, role: 'img' });
  chart.append(svg('title', {}, 'Mean KL divergence from the base per variant (log scale)'));
  for (let d = decades.low; d <= decades.high; d++) {
    const x = LABEL_WIDTH + scale(10 ** d);
    chart.append(svg('line', { x1: x, x2: x, y1: 0, y2: height - 20, class: 'grid' }));
    chart.append(svg('text', { x, y: height - 6, 'text-anchor': 'middle', class: 'axis' }, `1e${d}`));
  }
  variants.forEach((row, i) => {
    const y = i * ROW_HEIGHT + 4;
    const width = Math.max(scale(klds[i]!), 1);
    chart.append(svg('text', { x: LABEL_WIDTH - 8, y: y + 15, 'text-anchor': 'end' }, row.name));
    chart.append(
      svg('rect', { x: LABEL_WIDTH, y, width, height: ROW_HEIGHT - 8, class: 'bar', 'data-model': row.name }),
    );
    chart.append(svg('text', { x: LABEL_WIDTH + width + 6, y: y + 15 }, klds[i]!.toExponential(2)));
  });
  container.replaceChildren(chart);
}
