// `wgllm serve` under load: concurrent streaming clients (the official openai npm client) against
// serveOpenAI on 127.0.0.1, a random share of them aborted mid-stream. Checks that every request ends as a
// completed, well-formed SSE stream (ending in [DONE]), a client abort, or a typed refusal (429), and that
// the process's RSS and the engine's live GPU buffers come back to where they started; prints TTFT
// percentiles and aggregate tokens/s, and writes bench/results/serve-load.md.
//   bench/node_modules/.bin/tsx bench/serve-load.ts [--requests 500] [--clients 32] [--abort-share 0.2]
//     [--max-queue 24] [--max-tokens 32] [--time-limit 600] [--adapter lavapipe|default] [--model path.gguf]
// Loopback only, bounded in count and time: it stops by itself after --requests or --time-limit seconds.
import { openAsBlob, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { inThreadEngine, type MetricsSnapshot } from '@wgllm/api/node';
import { serveOpenAI } from '@wgllm/api/node-server';
import OpenAI from 'openai';
import { VERSION as openaiVersion } from 'openai/version';
import { create, globals } from 'webgpu';
import { runUnderAdapter } from './src/adapter-process.ts';
import { type GpuClasses, type GpuMeter, meterDevice } from './src/measure/gpu-meter.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values: flags } = parseArgs({
  options: {
    requests: { type: 'string', default: '500' },
    clients: { type: 'string', default: '32' },
    'abort-share': { type: 'string', default: '0.2' },
    'max-queue': { type: 'string', default: '24' },
    'max-tokens': { type: 'string', default: '32' },
    'time-limit': { type: 'string', default: '600' },
    adapter: { type: 'string', default: 'lavapipe' },
    model: { type: 'string', default: join(root, '../shared/models/stories260K.gguf') },
  },
});

runUnderAdapter(root, flags.adapter);

const requests = Number(flags.requests);
const clients = Number(flags.clients);
const abortShare = Number(flags['abort-share']);
const maxQueue = Number(flags['max-queue']);
/** Each request asks for a max_tokens drawn from [maxTokens / 4, maxTokens]. */
const maxTokens = Number(flags['max-tokens']);
const timeLimitMs = Number(flags['time-limit']) * 1000;
const prompts = ['Once upon a time', 'The little dog', 'Lily and Tom went to the park', 'One day, a bird'];
const MiB = 1024 * 1024;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** RSS after letting the collector run, bytes. */
async function settledRss(): Promise<number> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return process.memoryUsage().rss;
}

/** A GPU whose devices are metered (buffers created and alive), wrapping the engine from outside. */
function meteredGpu(gpu: GPU, onDevice: (meter: GpuMeter) => void): GPU {
  return new Proxy(gpu, {
    get(target, prop) {
      if (prop !== 'requestAdapter') return Reflect.get(target, prop, target);
      return async (options?: GPURequestAdapterOptions) => {
        const adapter = await target.requestAdapter(options);
        if (!adapter) return adapter;
        return new Proxy(adapter, {
          get(a, key) {
            if (key !== 'requestDevice') {
              const value = Reflect.get(a, key, a);
              return typeof value === 'function' ? value.bind(a) : value;
            }
            return async (descriptor?: GPUDeviceDescriptor) => {
              const meter = meterDevice(await a.requestDevice(descriptor), globals as GpuClasses);
              onDevice(meter);
              return meter.device;
            };
          },
        });
      };
    },
  });
}

/** Checks a raw SSE body: `data: {json}` events, the last one `data: [DONE]`. Returns a problem or null. */
function sseProblem(raw: string): string | null {
  const events = raw.split('\n\n');
  if (events.pop() !== '') return 'the body does not end with a blank line';
  if (events.at(-1) !== 'data: [DONE]') return `the last event is not [DONE]: ${events.at(-1)}`;
  for (const event of events.slice(0, -1)) {
    if (!event.startsWith('data: ')) return `not a data event: ${event}`;
    try {
      JSON.parse(event.slice(6));
    } catch {
      return `not JSON: ${event}`;
    }
  }
  return null;
}

/** A fetch for the openai client that also hands a copy of each streamed body to `onBody`. */
function teeingFetch(onBody: (raw: Promise<string>) => void): typeof fetch {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.body || !response.headers.get('content-type')?.includes('text/event-stream'))
      return response;
    const [forClient, forCheck] = response.body.tee();
    onBody(new Response(forCheck).text());
    return new Response(forClient, response);
  };
}

type Outcome =
  | { kind: 'completed'; ttftMs: number; tokens: number; sseProblem: string | null }
  | { kind: 'aborted'; ttftMs: number | undefined; tokens: number }
  | { kind: 'refused'; status: number; retryAfterSeconds: number }
  | { kind: 'failed'; error: string };

const quantile = (sorted: number[], q: number): number =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

async function main(): Promise<number> {
  Object.assign(globalThis, globals);
  let meter: GpuMeter | undefined;
  const engine = inThreadEngine({
    gpu: meteredGpu(create([]), (m) => {
      meter = m;
    }),
  });
  const blob = await openAsBlob(flags.model);
  const info = await engine.load(new File([blob], 'model.gguf'), { id: 'model', contextLength: 256 });
  const server = await serveOpenAI(engine, { port: 0, maxQueue });
  const metrics = async (): Promise<MetricsSnapshot> =>
    (
      await fetch(`${server.baseURL.replace(/\/v1$/, '')}/metrics`, {
        headers: { accept: 'application/json' },
      })
    ).json();

  // The abort decision is drawn per request; the seed makes a run repeatable.
  let seed = 0x5eed;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };

  async function one(index: number, deadline: AbortSignal): Promise<Outcome> {
    let raw: Promise<string> | undefined;
    const client = new OpenAI({
      baseURL: server.baseURL,
      apiKey: 'unused',
      maxRetries: 0,
      fetch: teeingFetch((body) => {
        raw = body;
      }),
    });
    const abortAfter = random() < abortShare ? 1 + Math.floor(random() * 8) : undefined;
    const controller = new AbortController();
    const signal = AbortSignal.any([controller.signal, deadline]);
    const started = performance.now();
    let ttftMs: number | undefined;
    let tokens = 0;
    try {
      const stream = await client.chat.completions.create(
        {
          model: 'model',
          messages: [{ role: 'user', content: prompts[index % prompts.length]! }],
          max_tokens: Math.ceil(maxTokens / 4 + random() * ((maxTokens * 3) / 4)),
          stream: true,
        },
        { signal },
      );
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) {
          ttftMs ??= performance.now() - started;
          tokens++;
          if (tokens === abortAfter) controller.abort();
        }
        if (chunk.usage) tokens = chunk.usage.completion_tokens;
      }
      return { kind: 'completed', ttftMs: ttftMs ?? Number.NaN, tokens, sseProblem: sseProblem(await raw!) };
    } catch (error) {
      // Our own abort: before the answer the client throws APIUserAbortError, mid-stream the body's AbortError.
      const abortedByUs =
        error instanceof OpenAI.APIUserAbortError || (error instanceof Error && error.name === 'AbortError');
      if (abortedByUs && controller.signal.aborted) return { kind: 'aborted', ttftMs, tokens };
      if (error instanceof OpenAI.RateLimitError) {
        return {
          kind: 'refused',
          status: error.status,
          retryAfterSeconds: Number(error.headers.get('retry-after')),
        };
      }
      return { kind: 'failed', error: String(error) };
    }
  }

  let peakRss = 0;
  /** `count` requests from `clients` concurrent clients, until done or `deadline`. */
  async function load(count: number, deadline: AbortSignal): Promise<Outcome[]> {
    const outcomes: Outcome[] = [];
    let next = 0;
    async function client(): Promise<void> {
      while (next < count && !deadline.aborted) {
        const outcome = await one(next++, deadline);
        outcomes.push(outcome);
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        // A refused client waits as told before its next request.
        if (outcome.kind === 'refused')
          await new Promise((resolve) => setTimeout(resolve, outcome.retryAfterSeconds * 1000));
      }
    }
    await Promise.all(Array.from({ length: clients }, client));
    // The server learns of the last aborts when their sockets close: wait (a bounded while) until it is idle.
    for (let i = 0; i < 100; i++) {
      const { queueDepth, inFlight } = await metrics();
      if (queueDepth === 0 && inFlight === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return outcomes;
  }

  // Warm-up: a short load of the same kind builds the plans and pools the load will use; then the baseline.
  await load(Math.min(requests, 2 * clients), AbortSignal.timeout(timeLimitMs));
  const startRss = await settledRss();
  const startHeap = process.memoryUsage().heapUsed;
  const startBuffers = meter!.liveBuffers();
  peakRss = startRss;

  const loadStart = performance.now();
  const outcomes = await load(requests, AbortSignal.timeout(timeLimitMs));
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const serverView = await metrics();
  const endRss = await settledRss();
  const endHeap = process.memoryUsage().heapUsed;
  const endBuffers = meter!.liveBuffers();
  await server.close();
  await engine.dispose();

  const of = <K extends Outcome['kind']>(kind: K) =>
    outcomes.filter((o): o is Extract<Outcome, { kind: K }> => o.kind === kind);
  const completed = of('completed');
  const aborted = of('aborted');
  const refused = of('refused');
  const failed = of('failed');
  const malformed = completed.filter((o) => o.sseProblem !== null);
  const ttfts = [...completed, ...aborted]
    .map((o) => o.ttftMs)
    .filter((t): t is number => t !== undefined && !Number.isNaN(t))
    .sort((a, b) => a - b);
  const tokens = [...completed, ...aborted].reduce((sum, o) => sum + o.tokens, 0);
  const rssGrowth = endRss - startRss;
  const rssTolerance = Math.max(16 * MiB, 0.1 * startRss);
  const checks: [string, boolean][] = [
    ['every request completed, was aborted by its client, or was refused with 429', failed.length === 0],
    ['every completed stream is well-formed SSE ending in [DONE]', malformed.length === 0],
    [
      'refusals are 429 with a Retry-After',
      refused.every((o) => o.status === 429 && o.retryAfterSeconds >= 1),
    ],
    [`all ${requests} requests ran before the time limit`, outcomes.length === requests],
    ['live GPU buffers back to the start', endBuffers === startBuffers],
    [`RSS back within ${(rssTolerance / MiB).toFixed(0)} MiB of the start`, rssGrowth <= rssTolerance],
    ['the server is idle at the end', serverView.queueDepth === 0 && serverView.inFlight === 0],
  ];
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const report = [
    '# wgllm serve under load',
    '',
    `${new Date().toISOString()}; ${flags.model.split('/').at(-1)} on ${info.backend} through Dawn ` +
      `(${process.env.WGLLM_ADAPTER ?? 'the default Vulkan adapter'}); ` +
      `${clients} concurrent streaming clients (openai ${openaiVersion}), ${requests} requests, ` +
      `${(abortShare * 100).toFixed(0)}% drawn for a client abort after 1-8 tokens, max_tokens ${Math.ceil(maxTokens / 4)}-${maxTokens}, ` +
      `--max-queue ${maxQueue}; 127.0.0.1.`,
    '',
    `Command: \`${['bench/node_modules/.bin/tsx bench/serve-load.ts', ...process.argv.slice(2)].join(' ')}\``,
    '',
    '| figure | value |',
    '| --- | --- |',
    `| requests: completed / client-aborted / refused 429 / failed | ${completed.length} / ${aborted.length} / ${refused.length} / ${failed.length} |`,
    `| TTFT p50 / p90 / p99 (client, ${ttfts.length} streams) | ${ms(quantile(ttfts, 0.5))} / ${ms(quantile(ttfts, 0.9))} / ${ms(quantile(ttfts, 0.99))} |`,
    `| TTFT p50 / p90 / p99 (server /metrics, warm-up included) | ${ms(serverView.timeToFirstToken.p50 * 1000)} / ${ms(serverView.timeToFirstToken.p90 * 1000)} / ${ms(serverView.timeToFirstToken.p99 * 1000)} |`,
    `| aggregate tokens/s (tokens received / load wall time) | ${(tokens / loadSeconds).toFixed(1)} (${tokens} tokens in ${loadSeconds.toFixed(1)} s) |`,
    `| server (warm-up included): generated tokens, answers by status, cancelled | ${serverView.generatedTokens}, ${JSON.stringify(serverView.requestsByStatus)}, ${serverView.cancelled} |`,
    `| RSS start / peak / end | ${(startRss / MiB).toFixed(1)} / ${(peakRss / MiB).toFixed(1)} / ${(endRss / MiB).toFixed(1)} MiB |`,
    `| JS heap used start / end | ${(startHeap / MiB).toFixed(1)} / ${(endHeap / MiB).toFixed(1)} MiB |`,
    `| live GPU buffers start / end | ${startBuffers} / ${endBuffers} |`,
    '',
    ...checks.map(([what, ok]) => `- ${ok ? 'PASS' : 'FAIL'}: ${what}`),
    ...failed.slice(0, 5).map((o) => `  - failure: ${o.error}`),
    ...malformed.slice(0, 5).map((o) => `  - malformed: ${o.sseProblem}`),
    '',
  ].join('\n');
  process.stdout.write(report);
  writeFileSync(join(root, 'bench/results/serve-load.md'), report);
  return checks.every(([, ok]) => ok) ? 0 : 1;
}

process.exit(await main());
