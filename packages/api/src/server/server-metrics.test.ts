import { describe, expect, it } from 'vitest';
import { AdmissionQueue } from './admission-queue.ts';
import { RateWindow, SampleWindow } from './rolling-stats.ts';
import { prometheusText, ServerMetrics } from './server-metrics.ts';

describe('rolling stats', () => {
  it('gives nearest-rank quantiles over the latest samples only', () => {
    const window = new SampleWindow(100);
    for (let i = 1; i <= 200; i++) window.add(i); // the window keeps 101..200
    expect([window.quantile(0.5), window.quantile(0.9), window.quantile(0.99)]).toEqual([150, 190, 199]);
    expect([window.count, window.sum]).toEqual([200, 20100]);
    expect(new SampleWindow(4).quantile(0.5)).toBeNaN();
  });

  it('gives a per-second rate over its window, dropping old seconds', () => {
    let now = 0;
    const rate = new RateWindow(10, () => now);
    rate.add(50);
    now = 4_500;
    rate.add(50);
    expect(rate.perSecond()).toBe(20); // 100 tokens over the 5 seconds so far
    now = 12_000;
    expect(rate.perSecond()).toBe(5); // the first 50 fell out of the last 10 s
  });
});

describe('ServerMetrics', () => {
  it('renders Prometheus text with every series', () => {
    const metrics = new ServerMetrics(new AdmissionQueue(1, 4));
    metrics.response(200);
    metrics.response(200);
    metrics.response(429);
    metrics.firstToken(120);
    metrics.generated(7);
    metrics.clientGone();
    const text = prometheusText(metrics.snapshot());
    expect(text).toContain('# TYPE wgllm_requests_total counter\n');
    expect(text).toContain('wgllm_requests_total{status="200"} 2\n');
    expect(text).toContain('wgllm_requests_total{status="429"} 1\n');
    expect(text).toContain('wgllm_queue_depth 0\n');
    expect(text).toContain('wgllm_requests_cancelled_total 1\n');
    expect(text).toContain('wgllm_generated_tokens_total 7\n');
    expect(text).toContain('wgllm_time_to_first_token_seconds{quantile="0.99"} 0.12\n');
    expect(text).toContain('wgllm_time_to_first_token_seconds_count 1\n');
    // Every sample line is `name[{labels}] value`.
    for (const line of text
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#')))
      expect(line).toMatch(/^wgllm_[a-z_]+(\{[a-z]+="[^"]*"\})? (-?[\d.e+-]+|NaN)$/);
  });
});
