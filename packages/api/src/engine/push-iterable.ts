/**
 * An async iterable fed by callbacks (a MessagePort, a generate loop): values queue until the consumer pulls
 * them; `fail` makes the next pull throw. Leaving a `for await` early calls `onReturn` (e.g. to abort).
 */
export class PushIterable<T> implements AsyncIterable<T> {
  private readonly values: T[] = [];
  private ended = false;
  private error: { value: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(private readonly onReturn?: () => void) {}

  push(value: T): void {
    this.values.push(value);
    this.notify();
  }

  end(): void {
    this.ended = true;
    this.notify();
  }

  fail(error: unknown): void {
    this.error = { value: error };
    this.notify();
  }

  private notify(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let finished = false;
    try {
      for (;;) {
        const next = this.values.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        if (this.error) throw this.error.value;
        if (this.ended) {
          finished = true;
          return;
        }
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
      }
    } finally {
      if (!finished && !this.error) this.onReturn?.();
    }
  }
}
