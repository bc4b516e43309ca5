// GGUF parser fuzzer: mutates the shared fixture files deterministically from a seed and checks that every
// case either parses or throws GgufError. Anything else is a crash; a case slower than the limit is a hang.
// The CLI runs cases in a worker thread watched by a timer, so a parser that loops forever is killed, counted
// as a hang, and the run resumes after it.
//   pnpm bench:fuzz [--cases 10000] [--seed 1] [--limit-ms 1000] [--case N]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { GgufError, parseGguf } from '../packages/gguf/src/index.ts';
import { sharedFixturePath } from '../packages/gguf/src/testing/shared-fixture.ts';

/** Fixtures with small headers (parses stay ~1 ms); the v1 file exercises the version check. */
export const FUZZ_FIXTURES = [
  'models/stories260K.gguf',
  'models/TinyStories-656K-Q8_0.gguf',
  'models/TinyStories-656K-Q2_K.gguf',
  'models/TinyStories-656K.f16.gguf',
  'models/tinyllamas-stories-260k-f32.gguf',
];

export interface FuzzFile {
  name: string;
  bytes: Uint8Array;
  /** Bytes before the tensor data (where mutations matter); the whole file when it does not parse. */
  headerEnd: number;
  /** Offsets of u64 fields holding small counts or lengths (candidates for inflation). */
  countFields: number[];
}

export function loadFuzzFile(relative: string): FuzzFile {
  const bytes = new Uint8Array(readFileSync(sharedFixturePath(relative)));
  let headerEnd = bytes.length;
  try {
    headerEnd = parseGguf(bytes).dataOffset;
  } catch {
    // v1: mutate anywhere in the header-sized prefix it would have
    headerEnd = Math.min(bytes.length, 16384);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const countFields: number[] = [];
  for (let at = 8; at + 8 <= headerEnd; at++) {
    const value = view.getBigUint64(at, true);
    if (value > 0n && value < 1_000_000n) countFields.push(at);
  }
  return { name: relative, bytes, headerEnd, countFields };
}

/** splitmix32-style PRNG: deterministic, seedable, good enough to pick mutations. */
export function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
}

const BOUNDARY_U64 = [
  0n,
  1n,
  2n,
  3n,
  4n,
  5n,
  0x7fn,
  0x80n,
  0xffn,
  0xffffn,
  0x7fff_ffffn,
  0x8000_0000n,
  0xffff_ffffn,
  0x1_0000_0000n,
  (1n << 53n) - 1n,
  1n << 53n,
  (1n << 63n) - 1n,
  1n << 63n,
  (1n << 64n) - 1n,
];

export type MutationKind = 'bitflip' | 'overwrite' | 'truncate' | 'insert' | 'delete' | 'inflate';
const KINDS: MutationKind[] = ['bitflip', 'overwrite', 'truncate', 'insert', 'delete', 'inflate'];

/** One mutation of `bytes` (a fresh array; the input is not modified). */
export function mutate(
  file: FuzzFile,
  bytes: Uint8Array,
  random: () => number,
  kind: MutationKind,
): Uint8Array {
  const int = (n: number) => Math.floor(random() * n);
  // Nine times in ten inside the header, where the parser looks.
  const position = () => (random() < 0.9 ? int(Math.min(file.headerEnd, bytes.length)) : int(bytes.length));
  switch (kind) {
    case 'bitflip': {
      const out = bytes.slice();
      for (let i = 1 + int(4); i > 0; i--) {
        const at = position();
        out[at] = (out[at] ?? 0) ^ (1 << int(8));
      }
      return out;
    }
    case 'overwrite': {
      const out = bytes.slice();
      const width = [1, 2, 4, 8][int(4)]!;
      const at = Math.min(position(), Math.max(0, out.length - width));
      const value = BOUNDARY_U64[int(BOUNDARY_U64.length)]!;
      for (let i = 0; i < width && at + i < out.length; i++)
        out[at + i] = Number((value >> BigInt(8 * i)) & 0xffn);
      return out;
    }
    case 'truncate':
      return bytes.slice(0, position());
    case 'insert': {
      const at = position();
      const extra = Uint8Array.from({ length: 1 + int(16) }, () => (random() < 0.5 ? 0 : int(256)));
      const out = new Uint8Array(bytes.length + extra.length);
      out.set(bytes.subarray(0, at));
      out.set(extra, at);
      out.set(bytes.subarray(at), at + extra.length);
      return out;
    }
    case 'delete': {
      const at = position();
      const out = new Uint8Array(Math.max(at, bytes.length - 1 - int(16)));
      out.set(bytes.subarray(0, at));
      out.set(bytes.subarray(at + (bytes.length - out.length), bytes.length), at);
      return out;
    }
    case 'inflate': {
      const out = bytes.slice();
      const view = new DataView(out.buffer);
      // The tensor and KV counts (offsets 8 and 16), or a string length / array count found in the header.
      const fields = [8, 16, ...file.countFields].filter((at) => at + 8 <= out.length);
      const at = fields[int(fields.length)];
      if (at === undefined) return out;
      const old = view.getBigUint64(at, true);
      const inflated = [
        old + 1n,
        old * 2n,
        old * 1000n,
        BigInt(out.length),
        old << 32n,
        ...BOUNDARY_U64.slice(-6),
      ];
      view.setBigUint64(at, BigInt.asUintN(64, inflated[int(inflated.length)]!), true);
      return out;
    }
  }
}

export type CaseOutcome =
  | { kind: 'parsed' }
  | { kind: 'error'; code: string }
  | { kind: 'crash'; message: string };

export interface CaseReport {
  index: number;
  outcome: CaseOutcome;
  /** Parse time. */
  ms: number;
  /** Fixture and mutations, to tell what a failing case did. */
  label: string;
}

/** Case `index` of run `seed`: a file and one to three mutations, all derived from (seed, index). */
export function runCase(files: FuzzFile[], seed: number, index: number): CaseReport {
  const random = rng(Math.imul(seed, 0x27d4eb2f) ^ index);
  const file = files[Math.floor(random() * files.length)]!;
  let bytes = file.bytes;
  const kinds: MutationKind[] = [];
  for (let n = 1 + Math.floor(random() * random() * 3); n > 0; n--) {
    const kind = KINDS[Math.floor(random() * KINDS.length)]!;
    kinds.push(kind);
    bytes = mutate(file, bytes, random, kind);
  }
  const start = performance.now();
  let outcome: CaseOutcome;
  try {
    parseGguf(bytes);
    outcome = { kind: 'parsed' };
  } catch (error) {
    outcome =
      error instanceof GgufError
        ? { kind: 'error', code: error.code }
        : { kind: 'crash', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  return { index, outcome, ms: performance.now() - start, label: `${file.name} ${kinds.join('+')}` };
}

export interface FuzzSummary {
  cases: number;
  crashes: number;
  hangs: number;
  parsed: number;
  codes: Map<string, number>;
  /** The first few failures, each naming its case so `--case N` reruns it. */
  firstFailures: string[];
}

const MAX_FAILURES_SHOWN = 10;

function newSummary(): FuzzSummary {
  return { cases: 0, crashes: 0, hangs: 0, parsed: 0, codes: new Map(), firstFailures: [] };
}

function fail(summary: FuzzSummary, line: string): void {
  if (summary.firstFailures.length < MAX_FAILURES_SHOWN) summary.firstFailures.push(line);
}

function record(summary: FuzzSummary, report: CaseReport, limitMs: number): void {
  const { index, outcome, ms, label } = report;
  summary.cases++;
  if (ms > limitMs) {
    summary.hangs++;
    fail(summary, `hang: case ${index} (${label}) took ${ms.toFixed(0)} ms`);
  }
  if (outcome.kind === 'parsed') summary.parsed++;
  else if (outcome.kind === 'error')
    summary.codes.set(outcome.code, (summary.codes.get(outcome.code) ?? 0) + 1);
  else {
    summary.crashes++;
    fail(summary, `crash: case ${index} (${label}): ${outcome.message}`);
  }
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** A case parsing for longer than this (ms) is a hang. */
  limitMs: number;
  /** Index of the first case. */
  first?: number;
}

/** Runs the cases in this thread (cases are timed, not interrupted): for tests. */
export function runFuzz(options: FuzzOptions): FuzzSummary {
  const files = FUZZ_FIXTURES.map(loadFuzzFile);
  const summary = newSummary();
  const first = options.first ?? 0;
  for (let index = first; index < first + options.cases; index++) {
    record(summary, runCase(files, options.seed, index), options.limitMs);
  }
  return summary;
}

/** Grace (ms) past the limit before a silent worker is killed; covers its start-up and fixture loading. */
const WATCHDOG_GRACE_MS = 10_000;

/** Worker entry: tsx's loader is not inherited by workers, so register it, then load this file. */
const WORKER_BOOTSTRAP = `const { workerData } = require('node:worker_threads');
import(workerData.tsxApi).then(({ register }) => { register(); return import(workerData.script); });`;

function tsxApiUrl(): string {
  const cliRequire = createRequire(new URL('../packages/cli/package.json', import.meta.url));
  return pathToFileURL(join(dirname(cliRequire.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
}

/** Runs the cases in worker threads; a case that never finishes is killed and counted as a hang. */
async function runFuzzWatched(options: FuzzOptions): Promise<FuzzSummary> {
  const summary = newSummary();
  const end = (options.first ?? 0) + options.cases;
  const shared = { seed: options.seed, end, tsxApi: tsxApiUrl(), script: import.meta.url };
  let next = options.first ?? 0;
  while (next < end) {
    next = await new Promise<number>((resolve, reject) => {
      const worker = new Worker(WORKER_BOOTSTRAP, { eval: true, workerData: { ...shared, first: next } });
      let current = next;
      let reported = false;
      const stop = (resumeAt: number) => {
        clearTimeout(timer);
        void worker.terminate();
        resolve(resumeAt);
      };
      const onSilence = () => {
        summary.cases++;
        summary.hangs++;
        fail(
          summary,
          `hang: case ${current} still running ${options.limitMs + WATCHDOG_GRACE_MS} ms after it started`,
        );
        stop(current + 1);
      };
      let timer = setTimeout(onSilence, options.limitMs + WATCHDOG_GRACE_MS);
      worker.on('message', (report: CaseReport) => {
        clearTimeout(timer);
        reported = true;
        record(summary, report, options.limitMs);
        current = report.index + 1;
        if (current >= end) stop(end);
        else timer = setTimeout(onSilence, options.limitMs + WATCHDOG_GRACE_MS);
      });
      worker.on('error', (error) => {
        clearTimeout(timer);
        if (!reported) {
          reject(error); // the worker could not start: not a parser failure
          return;
        }
        summary.cases++;
        summary.crashes++;
        fail(summary, `crash: case ${current} killed its worker: ${String(error)}`);
        stop(current + 1);
      });
    });
  }
  return summary;
}

export function formatSummary(s: FuzzSummary, seed: number, seconds: number): string {
  const codes = [...s.codes].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code}=${n}`);
  return `fuzz-gguf seed=${seed}: cases=${s.cases} crashes=${s.crashes} hangs=${s.hangs} parsed=${s.parsed} errors: ${codes.join(' ')} (${seconds.toFixed(1)} s)`;
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
      'limit-ms': { type: 'string', default: '1000' },
      case: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const single = values.case === undefined ? undefined : Number(values.case);
  const start = performance.now();
  const summary = await runFuzzWatched({
    cases: single === undefined ? Number(values.cases) : 1,
    seed,
    limitMs: Number(values['limit-ms']),
    first: single ?? 0,
  });
  for (const failure of summary.firstFailures) console.error(failure);
  console.log(formatSummary(summary, seed, (performance.now() - start) / 1000));
  process.exit(summary.crashes + summary.hangs === 0 ? 0 : 1);
}

function worker(): void {
  const { seed, first, end } = workerData as { seed: number; first: number; end: number };
  const files = FUZZ_FIXTURES.map(loadFuzzFile);
  for (let index = first; index < end; index++) parentPort!.postMessage(runCase(files, seed, index));
}

if (!isMainThread && parentPort) worker();
else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await cli();
