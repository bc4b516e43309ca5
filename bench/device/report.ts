// The device run's tables, from what run.sh left in its results folder (any part may be missing: a step that
// failed, was skipped or ran out of time). Writes report.md there and prints it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { CopyBandwidth } from './copy-bandwidth.ts';
import type { E2eLine } from './e2e.ts';
import type { ProbeResult } from './probe.ts';

/** torch.json, as torch_peer.py writes it. */
interface TorchStep {
  tokens: number;
  eagerMs: number;
  graphMs: number | null;
}
interface TorchPeer {
  gpu: string;
  torch: string;
  cuda: string | null;
  copy?: { bytes: number; ms: number; gbPerSecond: number };
  matvec?: {
    rows: number;
    cols: number;
    bytes: number;
    matvecMs: number;
    matvecGbPerSecond: number;
    matmul: { tokens: number; ms: number; tflops: number }[];
  }[];
  models?: { shape: string; layers: number; weightBytes: number; decode: TorchStep; prefill: TorchStep }[];
}

interface Limit {
  gbPerSecond: number;
  source: string;
}

const fmt = (value: number | undefined, digits = 1) => (value === undefined ? '' : value.toFixed(digits));
const mb = (bytes: number) => fmt(bytes / 1e6, 0);
const ratio = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? '' : `${fmt(a / b, 2)}x`;
const percent = (a: number | undefined, b: number | undefined) =>
  a === undefined || b === undefined ? '' : `${fmt((100 * a) / b, 0)}%`;

function table(header: string[], rows: string[][]): string {
  return [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** Files a step left empty (it failed) read as missing; `unreadable` collects any that are not JSON. */
function readJson<T>(path: string, unreadable: string[]): T | undefined {
  const text = readText(path);
  if (!text) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch {
    unreadable.push(path);
    return undefined;
  }
}

function readText(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}

/** The last line per model (a finished run ends with 'done'; a cut one keeps its last progress). */
function e2eRuns(path: string): E2eLine[] {
  const byModel = new Map<string, E2eLine>();
  for (const line of (readText(path) ?? '').split('\n').filter(Boolean)) {
    const run = JSON.parse(line) as E2eLine;
    byModel.set(run.model, run);
  }
  return [...byModel.values()];
}

/** Tokens per second of a torch step: its graph replay where capture worked, else eager. */
function torchRate(step: TorchStep | undefined): number | undefined {
  if (!step) return undefined;
  return (step.tokens * 1000) / (step.graphMs ?? step.eagerMs);
}

function endToEnd(runs: E2eLine[], torch: TorchPeer | undefined, limit: Limit | undefined): string {
  if (runs.length === 0) return '(no end-to-end run finished a phase: see notes)';
  const limitRate = (bytes: number) => (limit ? (limit.gbPerSecond * 1e9) / bytes : undefined);
  const speed = runs.map((run) => {
    const peer = torch?.models?.find((m) => m.shape === run.shape && m.layers === run.layers);
    const prefill = run.figures.prefill.at(-1);
    const peerDecode = torchRate(peer?.decode);
    const peerPrefill = torchRate(peer?.prefill);
    return [
      `${run.model}${run.phase === 'done' ? '' : ' (cut short)'}`,
      peer ? `${mb(run.weightBytes)} / ${mb(peer.weightBytes)}` : mb(run.weightBytes),
      fmt(run.figures.decodeTokensPerSecond),
      percent(run.figures.decodeTokensPerSecond, limitRate(run.weightBytes)),
      fmt(peerDecode),
      percent(peerDecode, peer && limitRate(peer.weightBytes)),
      ratio(run.figures.decodeTokensPerSecond, peerDecode),
      prefill ? `${fmt(prefill.tokensPerSecond, 0)} (${prefill.tokens})` : '',
      peer ? `${fmt(peerPrefill, 0)} (${peer.prefill.tokens})` : '',
      ratio(prefill?.tokensPerSecond, peerPrefill),
    ];
  });
  const details = runs.map((run) => {
    const f = run.figures;
    return [
      run.model,
      fmt(run.synthMs / 1000),
      fmt(f.loadMs / 1000, 2),
      fmt(f.ttftMs, 0),
      String(f.decodeTokens),
      f.prefill.map((p) => `${p.tokens}: ${fmt(p.ms, 0)}`).join(', '),
      f.perToken
        ? `${fmt(f.perToken.dispatches, 0)} / ${fmt(f.perToken.submits, 1)} / ${fmt(f.perToken.readbacks, 1)}`
        : '',
      f.peakGpuBytes === undefined ? '' : mb(f.peakGpuBytes),
    ];
  });
  return [
    table(
      [
        'model (wgllm)',
        'weights MB (GGUF / torch bf16)',
        'wgllm decode tok/s',
        'of limit',
        'torch bf16 decode tok/s',
        'of limit',
        'wgllm / torch',
        'wgllm prefill tok/s (tokens)',
        'torch prefill tok/s (tokens)',
        'wgllm / torch',
      ],
      speed,
    ),
    '',
    `"of limit": decode speed over the limit, copy bandwidth / weight bytes per token (each weight is read once ` +
      `per token; the tied embedding is the output head). torch: plain ops in bf16, CUDA graph replay where capture worked.`,
    '',
    table(
      [
        'model',
        'synthesized s',
        'load s',
        'ttft ms',
        'decode tokens',
        'prefill ms (tokens: ms)',
        'dispatches / submits / readbacks per token',
        'peak GPU MB',
      ],
      details,
    ),
  ].join('\n');
}

function torchKernels(torch: TorchPeer, limit: Limit | undefined): string {
  const tokens = [...new Set((torch.matvec ?? []).flatMap((r) => r.matmul.map((m) => m.tokens)))];
  const rows = (torch.matvec ?? []).map((r) => [
    `${r.rows}x${r.cols}`,
    mb(r.bytes),
    fmt(r.matvecMs * 1000),
    fmt(r.matvecGbPerSecond, 0),
    percent(r.matvecGbPerSecond, limit?.gbPerSecond),
    ...tokens.map((t) => fmt(r.matmul.find((m) => m.tokens === t)?.tflops)),
  ]);
  return table(
    ['rows x cols', 'MB', 'mat-vec us', 'GB/s', 'of copy', ...tokens.map((t) => `matmul M=${t} TFLOP/s`)],
    rows,
  );
}

export function deviceReport(dir: string): string {
  const unreadable: string[] = [];
  const probe = readJson<ProbeResult>(join(dir, 'probe.json'), unreadable);
  const webgpuCopy = readJson<CopyBandwidth>(join(dir, 'copy-webgpu.json'), unreadable);
  const torch = readJson<TorchPeer>(join(dir, 'torch.json'), unreadable);
  const limit: Limit | undefined = torch?.copy
    ? { gbPerSecond: torch.copy.gbPerSecond, source: 'PyTorch device-to-device copy' }
    : webgpuCopy
      ? { gbPerSecond: webgpuCopy.gbPerSecond, source: 'WebGPU copyBufferToBuffer (no PyTorch)' }
      : undefined;
  const lines = [
    '# wgllm device run',
    '',
    `- Dawn adapter: ${probe ? `${probe.adapter}${probe.cpuAdapter ? ' (a CPU adapter)' : ''}; ${probe.features.join(', ')}` : 'none'}`,
    `- PyTorch: ${torch ? `${torch.torch}, CUDA ${torch.cuda}, ${torch.gpu}` : 'not run (see notes)'}`,
    `- copy bandwidth (bytes read + written): PyTorch ${fmt(torch?.copy?.gbPerSecond, 0) || '-'} GB/s, ` +
      `WebGPU ${fmt(webgpuCopy?.gbPerSecond, 0) || '-'} GB/s; limit used: ${limit ? `${fmt(limit.gbPerSecond, 0)} GB/s, ${limit.source}` : 'none'}`,
    '',
    '## Notes from run.sh (pack, GPU, libraries, driver, steps skipped, failed or stopped)',
    '',
    readText(join(dir, 'notes.txt')) ?? '(none)',
    ...unreadable.map((path) => `- not JSON, left out: ${path}`),
    '',
    '## End to end: synthetic Q4_K_M models of real shapes, wgllm in Node on Dawn (Vulkan)',
    '',
    endToEnd(e2eRuns(join(dir, 'e2e.jsonl')), torch, limit),
    '',
    '## PyTorch bf16 at the kernel lab weight shapes',
    '',
    torch?.matvec ? torchKernels(torch, limit) : '(no PyTorch figures)',
    '',
    '## Kernel lab (bench/kernels/run.ts), wgllm on Dawn',
    '',
    readText(join(dir, 'kernels.md')) ?? '(the kernel lab did not run)',
    '',
  ];
  return lines.join('\n');
}

export function printReport(argv: string[]): void {
  const { values } = parseArgs({ args: argv, options: { dir: { type: 'string' } } });
  if (!values.dir) throw new Error('report needs --dir DIR (the folder run.sh wrote)');
  const report = deviceReport(values.dir);
  writeFileSync(join(values.dir, 'report.md'), report);
  console.log(report);
}
