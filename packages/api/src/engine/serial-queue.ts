import { AbortedError } from '../errors/errors.ts';

/**
 * Runs tasks one at a time in arrival order (one model, one KV cache: requests cannot interleave).
 * A task whose signal fires while it waits rejects at once with AbortedError and is skipped when its turn comes.
 */
export class SerialQueue {
  /** Settles when the last task queued so far has had its turn. */
  private tail: Promise<void> = Promise.resolve();

  run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.tail;
    let endTurn!: () => void;
    const turn = new Promise<void>((resolve) => {
      endTurn = resolve;
    });
    this.tail = previous.then(() => turn);
    return new Promise<T>((resolve, reject) => {
      let aborted = false;
      const onAbort = (): void => {
        aborted = true;
        reject(new AbortedError('the request was aborted while queued'));
      };
      if (signal?.aborted) onAbort();
      else signal?.addEventListener('abort', onAbort, { once: true });
      void previous.then(() => {
        signal?.removeEventListener('abort', onAbort);
        if (aborted) return endTurn();
        task().then(resolve, reject).finally(endTurn);
      });
    });
  }
}
