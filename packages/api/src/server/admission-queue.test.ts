import { describe, expect, it } from 'vitest';
import { AbortedError, OverloadedError } from '../errors/errors.ts';
import { AdmissionQueue, type Release } from './admission-queue.ts';

describe('AdmissionQueue', () => {
  it('grants slots in arrival order and refuses past its bound with a retry estimate', async () => {
    const queue = new AdmissionQueue(1, 2);
    const first = await queue.acquire();
    const order: string[] = [];
    const granted = (name: string) => (release: Release) => {
      order.push(name);
      return release;
    };
    const second = queue.acquire().then(granted('second'));
    const third = queue.acquire().then(granted('third'));
    expect([queue.inFlight, queue.depth]).toEqual([1, 2]);
    const refused = await queue.acquire().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OverloadedError);
    expect((refused as OverloadedError).details.retryAfterSeconds).toBeGreaterThanOrEqual(1);

    first();
    first(); // a second call must not free a second slot
    const releaseSecond = await second;
    expect([queue.inFlight, queue.depth, order]).toEqual([1, 1, ['second']]);
    releaseSecond();
    (await third)();
    expect(order).toEqual(['second', 'third']);
    expect([queue.inFlight, queue.depth]).toEqual([0, 0]);
  });

  it('drops a waiter whose signal fires, and lets the next one in', async () => {
    const queue = new AdmissionQueue(1, 4);
    const running = await queue.acquire();
    const controller = new AbortController();
    const aborted = queue.acquire(controller.signal);
    const next = queue.acquire();
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    expect(queue.depth).toBe(1);
    running();
    const release: Release = await next;
    expect(queue.inFlight).toBe(1);
    release();
  });

  it('estimates Retry-After from how long turns take', async () => {
    const queue = new AdmissionQueue(1, 0);
    const release = await queue.acquire();
    await new Promise((resolve) => setTimeout(resolve, 30));
    release();
    expect(queue.retryAfterSeconds()).toBe(1); // 30 ms turns round up to one second
    expect(() => new AdmissionQueue(0, 1)).toThrow(RangeError);
    expect(() => new AdmissionQueue(1, -1)).toThrow(RangeError);
  });
});
