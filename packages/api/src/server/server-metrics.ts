// What /metrics reports: queue depth, requests in flight, answers by status, cancelled requests, generated
// tokens (total and per second), and time to first token. Rendered as Prometheus text (the format scrapers
// expect) or as JSON.
import type { AdmissionQueue } from './admission-queue.ts';
import { RateWindow, SampleWindow } from './rolling-stats.ts';

/** TTFT percentiles come from the latest this many streamed requests. */
const TTFT_SAMPLES = 1024;
/** Tokens per second is measured over this window. */
const RATE_WINDOW_SECONDS = 60;
const QUANTILES = [0.5, 0.9, 0.99] as const;

export interface MetricsSnapshot {
  queueDepth: number;
  inFlight: number;
  /** Answers sent, by HTTP status. */
  requestsByStatus: Record<string, number>;
  /** Requests whose client went away before the answer was complete. */
  cancelled: number;
  generatedTokens: number;
  /** Generated tokens per second over the last minute. */
  tokensPerSecond: number;
  /** Time to first token of streamed requests (arrival to first text), seconds. */
  timeToFirstToken: { count: number; sum: number; p50: number; p90: number; p99: number };
}

export class ServerMetrics {
  private readonly byStatus = new Map<number, number>();
  private readonly ttft = new SampleWindow(TTFT_SAMPLES);
  private readonly tokenRate = new RateWindow(RATE_WINDOW_SECONDS);
  private tokens = 0;
  private cancelled = 0;

  constructor(private readonly queue: AdmissionQueue) {}

  response(status: number): void {
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
  }

  firstToken(ms: number): void {
    this.ttft.add(ms / 1000);
  }

  generated(tokens: number): void {
    this.tokens += tokens;
    this.tokenRate.add(tokens);
  }

  clientGone(): void {
    this.cancelled++;
  }

  snapshot(): MetricsSnapshot {
    const [p50, p90, p99] = QUANTILES.map((q) => this.ttft.quantile(q)) as [number, number, number];
    return {
      queueDepth: this.queue.depth,
      inFlight: this.queue.inFlight,
      requestsByStatus: Object.fromEntries([...this.byStatus].sort(([a], [b]) => a - b)),
      cancelled: this.cancelled,
      generatedTokens: this.tokens,
      tokensPerSecond: this.tokenRate.perSecond(),
      timeToFirstToken: { count: this.ttft.count, sum: this.ttft.sum, p50, p90, p99 },
    };
  }
}

/** The snapshot in Prometheus' text exposition format (version 0.0.4). */
export function prometheusText(m: MetricsSnapshot): string {
  const lines: string[] = [];
  // Each sample is [what follows the name: labels, or a summary's _sum/_count; value].
  const metric = (name: string, type: string, help: string, samples: [string, number][]): void => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [suffix, value] of samples) lines.push(`${name}${suffix} ${value}`);
  };
  metric('wgllm_queue_depth', 'gauge', 'Generation requests waiting for a slot.', [['', m.queueDepth]]);
  metric('wgllm_requests_in_flight', 'gauge', 'Generation requests running.', [['', m.inFlight]]);
  metric(
    'wgllm_requests_total',
    'counter',
    'Answers sent, by HTTP status.',
    Object.entries(m.requestsByStatus).map(([status, n]) => [`{status="${status}"}`, n]),
  );
  metric('wgllm_requests_cancelled_total', 'counter', 'Requests whose client went away first.', [
    ['', m.cancelled],
  ]);
  metric('wgllm_generated_tokens_total', 'counter', 'Tokens generated.', [['', m.generatedTokens]]);
  metric('wgllm_tokens_per_second', 'gauge', 'Tokens generated per second over the last minute.', [
    ['', m.tokensPerSecond],
  ]);
  const t = m.timeToFirstToken;
  metric(
    'wgllm_time_to_first_token_seconds',
    'summary',
    `Arrival to first text of streamed requests (quantiles over the latest ${TTFT_SAMPLES}).`,
    [
      ...QUANTILES.map((q, i): [string, number] => [`{quantile="${q}"}`, [t.p50, t.p90, t.p99][i]!]),
      ['_sum', t.sum],
      ['_count', t.count],
    ],
  );
  return `${lines.join('\n')}\n`;
}
