// Bounded-memory statistics for /metrics: percentiles over the latest samples, and a rate over the latest
// seconds.

/** The latest `capacity` samples; percentiles by nearest rank. */
export class SampleWindow {
  private readonly samples: number[] = [];
  private next = 0;
  /** Every sample ever added, and their sum (Prometheus summaries report both). */
  count = 0;
  sum = 0;

  constructor(private readonly capacity: number) {}

  add(value: number): void {
    if (this.samples.length < this.capacity) this.samples.push(value);
    else this.samples[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    this.count++;
    this.sum += value;
  }

  /** The `q` quantile (0..1) of the window, or NaN when it is empty. */
  quantile(q: number): number {
    if (this.samples.length === 0) return Number.NaN;
    const sorted = [...this.samples].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  }
}

/** Amounts added per whole second over the latest `seconds`, for a per-second rate. */
export class RateWindow {
  private readonly buckets: { second: number; amount: number }[];
  private readonly startedSecond: number;

  constructor(
    private readonly seconds: number,
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.buckets = Array.from({ length: seconds }, () => ({ second: -1, amount: 0 }));
    this.startedSecond = Math.floor(nowMs() / 1000);
  }

  add(amount: number): void {
    const second = Math.floor(this.nowMs() / 1000);
    const bucket = this.buckets[second % this.seconds]!;
    if (bucket.second !== second) {
      bucket.second = second;
      bucket.amount = 0;
    }
    bucket.amount += amount;
  }

  /** The mean amount per second over the window (over the uptime while it is shorter than the window). */
  perSecond(): number {
    const now = Math.floor(this.nowMs() / 1000);
    let total = 0;
    for (const { second, amount } of this.buckets) if (second > now - this.seconds) total += amount;
    return total / Math.max(1, Math.min(this.seconds, now - this.startedSecond + 1));
  }
}
