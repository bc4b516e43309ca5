// How the shared engine learns that a tab is gone. A SharedWorker gets no event when a port's tab closes, so
// each tab holds a Web Lock of its own for as long as it lives, and the worker queues for the same lock: the
// browser grants it to the worker the moment the tab's document is destroyed (closed, crashed, navigated
// away) or the tab lets go (engine.dispose()). Unlike a heartbeat, this needs no timers, reacts at once, and
// never takes a throttled background tab for a dead one.

export interface TabLock {
  /** The lock's name, unique to this tab: the worker waits on it. */
  name: string;
  /** Lets go of the lock (the tab is leaving the engine). */
  release(): void;
}

/** Takes this tab's lock; resolves once it is held, so the worker cannot queue for it first. */
export function holdTabLock(locks: LockManager): Promise<TabLock> {
  const name = `wgllm-tab:${crypto.randomUUID()}`;
  return new Promise((resolve, reject) => {
    locks
      .request(
        name,
        () =>
          new Promise<void>((release) => {
            resolve({ name, release: () => release() });
          }),
      )
      .catch(reject);
  });
}

/** Resolves once the tab holding lock `name` is gone. */
export async function tabGone(locks: LockManager, name: string): Promise<void> {
  await locks.request(name, () => undefined);
}
