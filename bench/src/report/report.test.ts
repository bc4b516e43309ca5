import { describe, expect, it } from 'vitest';
import type { RunFigures } from '../measure/run-result.ts';
import { decodeRatio, markdownReport } from './markdown.ts';
import type { BenchResults } from './results.ts';
import { decodeSpeedSvg } from './svg-plot.ts';

function figures(decodeTokensPerSecond: number, firstTokens: number[]): RunFigures {
  return {
    loadMs: 10,
    ttftMs: 2,
    prefill: [{ tokens: 128, ms: 100, tokensPerSecond: 1280 }],
    decodeTokens: 128,
    decodeTokensPerSecond,
    firstTokens,
    backend: 'test',
  };
}

const results: BenchResults = {
  date: '2026-01-02T03:04:05.000Z',
  machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 4, os: 'linux', adapters: ['lavapipe'] },
  versions: { node: 'v20', nodeLlamaCpp: '3.21.1', wllama: '3.8.1', webgpu: '0.6.2' },
  options: ['--layers', '2'],
  loadAverage: { start: 1, end: 2 },
  runtimes: ['wgllm-node-lavapipe', 'llamacpp-cpu-1t', 'wllama-chromium'],
  models: [
    {
      id: 'tiny',
      kind: 'fixture',
      bytes: 2 ** 20,
      outcomes: {
        'wgllm-node-lavapipe': { ok: true, figures: figures(50, [5, 6, 7]) },
        'llamacpp-cpu-1t': { ok: true, figures: figures(100, [5, 6, 8]) },
        'wllama-chromium': { ok: false, error: 'no | pipes' },
      },
    },
  ],
};

describe('bench report', () => {
  it('puts ratios, agreement and errors in the markdown', () => {
    const model = results.models[0]!;
    expect(decodeRatio(model, 'wgllm-node-lavapipe', 'llamacpp-cpu-1t')).toBe('0.50x');
    expect(decodeRatio(model, 'wgllm-node-lavapipe', 'wllama-chromium')).toBe('–');
    const md = markdownReport(results, 'latest.svg');
    expect(md).toContain('| tiny | 50.0 | 100.0 | – | 0.50x |');
    expect(md).toContain('| 2/3 |');
    expect(md).toContain('error: no / pipes');
  });

  it('draws one bar per successful run', () => {
    const svg = decodeSpeedSvg(results);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect x="230"/g)).toHaveLength(2);
  });
});
