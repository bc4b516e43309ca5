import { AbortedError } from '../errors/errors.ts';

interface Job {
  start(): void;
}

/**
 * Runs tasks one at a time (one GPU, one engine), taking turns between owners (the tabs of an origin): the next
 * task is the oldest of the owner served least recently, so each owner with work waiting gets one task per round
 * and a tab that queues many requests cannot starve another. Ties (owners not served yet) go in arrival order.
 * A task whose signal fires while it waits rejects at once with AbortedError and loses its place.
 */
export class FairQueue<Owner> {
  /** Each owner's waiting tasks, owners in the order they started waiting. */
  private readonly waiting = new Map<Owner, Job[]>();
  /** When each owner with work waiting or running was last served (a count of tasks started). */
  private readonly lastServed = new Map<Owner, number>();
  private started = 0;
  private running: { owner: Owner } | undefined;

  /** Tasks waiting for their turn, over all owners. */
  get pending(): number {
    let count = 0;
    for (const jobs of this.waiting.values()) count += jobs.length;
    return count;
  }

  run<T>(owner: Owner, task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (signal?.aborted) return reject(new AbortedError('the request was aborted while queued'));
      const job: Job = {
        start: () => {
          signal?.removeEventListener('abort', onAbort);
          task()
            .then(resolve, reject)
            .finally(() => {
              this.running = undefined;
              this.forgetIfIdle(owner);
              this.next();
            });
        },
      };
      const onAbort = (): void => {
        this.remove(owner, job);
        reject(new AbortedError('the request was aborted while queued'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const jobs = this.waiting.get(owner);
      if (jobs) jobs.push(job);
      else this.waiting.set(owner, [job]);
      this.next();
    });
  }

  private next(): void {
    if (this.running) return;
    let chosen: [Owner, Job[]] | undefined;
    let chosenServed = Number.POSITIVE_INFINITY;
    for (const entry of this.waiting) {
      const served = this.lastServed.get(entry[0]) ?? -1;
      if (served < chosenServed) [chosen, chosenServed] = [entry, served];
    }
    if (!chosen) return;
    const [owner, jobs] = chosen;
    const job = jobs.shift()!;
    if (jobs.length === 0) this.waiting.delete(owner);
    this.lastServed.set(owner, this.started++);
    this.running = { owner };
    job.start();
  }

  private remove(owner: Owner, job: Job): void {
    const jobs = this.waiting.get(owner);
    const at = jobs?.indexOf(job) ?? -1;
    if (!jobs || at < 0) return;
    jobs.splice(at, 1);
    if (jobs.length === 0) this.waiting.delete(owner);
    this.forgetIfIdle(owner);
  }

  /** An owner with nothing waiting or running starts afresh next time (and is not remembered forever). */
  private forgetIfIdle(owner: Owner): void {
    if (!this.waiting.has(owner) && this.running?.owner !== owner) this.lastServed.delete(owner);
  }
}
