// Writes one run's JSON, markdown and SVG under bench/results/ (stamped), and the same as latest.*.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { markdownReport } from './markdown.ts';
import type { BenchResults } from './results.ts';
import { decodeSpeedSvg } from './svg-plot.ts';

export function writeResults(dir: string, results: BenchResults): string[] {
  mkdirSync(dir, { recursive: true });
  const stamp = results.date.slice(0, 16).replace(':', '');
  const written: string[] = [];
  for (const name of [stamp, 'latest']) {
    const svg = `${name}.svg`;
    const files: [string, string][] = [
      [`${name}.json`, `${JSON.stringify(results, null, 2)}\n`],
      [`${name}.md`, markdownReport(results, svg)],
      [svg, decodeSpeedSvg(results)],
    ];
    for (const [file, text] of files) {
      writeFileSync(join(dir, file), text);
      written.push(join(dir, file));
    }
  }
  return written;
}
