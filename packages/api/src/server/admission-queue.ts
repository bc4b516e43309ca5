// The server's front door for generation requests: at most `concurrency` run, at most `maxWaiting` wait in
// arrival order, and the rest are turned away at once with OverloadedError (429) and an estimate of when a
// slot frees, so a flood of clients gets typed refusals instead of unbounded memory and latency.
import { AbortedError, OverloadedError } from '../errors/errors.ts';

/** Ends a request's turn; calling it again does nothing. */
export type Release = () => void;

interface Waiter {
  grant: (release: Release) => void;
}

/** Weight of the newest turn in the running mean of turn lengths. */
const TURN_MEAN_WEIGHT = 0.2;

export class AdmissionQueue {
  private readonly waiting: Waiter[] = [];
  private running = 0;
  /** Running mean of how long a turn holds its slot, ms (0 until one has ended). */
  private meanTurnMs = 0;

  constructor(
    /** Requests that run at once (the engine runs one at a time per model). */
    private readonly concurrency: number,
    /** Requests that may wait for a slot; more are refused. */
    private readonly maxWaiting: number,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new RangeError(`concurrency must be a positive integer, got ${concurrency}`);
    if (!Number.isInteger(maxWaiting) || maxWaiting < 0)
      throw new RangeError(`maxWaiting must be a non-negative integer, got ${maxWaiting}`);
  }

  /** Requests waiting for a slot. */
  get depth(): number {
    return this.waiting.length;
  }

  /** Requests holding a slot. */
  get inFlight(): number {
    return this.running;
  }

  /** Seconds until a request queued now would likely start (at least 1: Retry-After is whole seconds). */
  retryAfterSeconds(): number {
    const turnsAhead = (this.waiting.length + 1) / this.concurrency;
    return Math.max(1, Math.ceil((turnsAhead * this.meanTurnMs) / 1000));
  }

  /**
   * Waits for a slot in arrival order. Rejects with OverloadedError when the queue is full, and with
   * AbortedError when `signal` fires first (the request then leaves the queue).
   */
  acquire(signal?: AbortSignal): Promise<Release> {
    if (signal?.aborted) return Promise.reject(new AbortedError('the request was aborted while queued'));
    if (this.running < this.concurrency) return Promise.resolve(this.startTurn());
    if (this.waiting.length >= this.maxWaiting) {
      const retryAfterSeconds = this.retryAfterSeconds();
      return Promise.reject(
        new OverloadedError(
          `the server is busy (${this.running} running, ${this.waiting.length} waiting): retry in ${retryAfterSeconds} s`,
          { retryAfterSeconds },
        ),
      );
    }
    return new Promise<Release>((resolve, reject) => {
      const onAbort = (): void => {
        this.waiting.splice(this.waiting.indexOf(waiter), 1);
        reject(new AbortedError('the request was aborted while queued'));
      };
      const waiter: Waiter = {
        grant: (release) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
      };
      this.waiting.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private startTurn(): Release {
    this.running++;
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const turnMs = performance.now() - started;
      this.meanTurnMs =
        this.meanTurnMs === 0 ? turnMs : this.meanTurnMs + TURN_MEAN_WEIGHT * (turnMs - this.meanTurnMs);
      this.running--;
      const next = this.waiting.shift();
      if (next) next.grant(this.startTurn());
    };
  }
}
