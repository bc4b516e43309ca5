import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors/errors.ts';
import { FairQueue } from './fair-queue.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

/** A task that logs its start and end around a tick. */
const logged =
  (log: string[], name: string, fail = false) =>
  async () => {
    log.push(`start ${name}`);
    await tick();
    log.push(`end ${name}`);
    if (fail) throw new Error(name);
    return name;
  };

describe('FairQueue', () => {
  it('takes turns between owners instead of serving them in arrival order', async () => {
    const queue = new FairQueue<string>();
    const log: string[] = [];
    const all = [
      queue.run('a', logged(log, 'a1')),
      queue.run('a', logged(log, 'a2')),
      queue.run('a', logged(log, 'a3')),
      queue.run('b', logged(log, 'b1')),
      queue.run('b', logged(log, 'b2')),
      queue.run('c', logged(log, 'c1')),
    ];
    expect(queue.pending).toBe(5);
    await Promise.all(all);
    const starts = log.filter((line) => line.startsWith('start')).map((line) => line.slice(6));
    expect(starts).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    // One at a time: every task ends before the next starts.
    for (let i = 0; i < log.length; i += 2) expect(log[i + 1]).toBe(`end ${log[i]!.slice(6)}`);
    expect(queue.pending).toBe(0);
  });

  it('lets an owner that arrives later in before the busy owner runs again', async () => {
    const queue = new FairQueue<string>();
    const log: string[] = [];
    let finishA1!: () => void;
    const a1 = queue.run('a', async () => {
      log.push('start a1');
      await new Promise<void>((resolve) => {
        finishA1 = resolve;
      });
    });
    const a2 = queue.run('a', logged(log, 'a2'));
    await tick(); // a1 is running, a2 waits
    const b1 = queue.run('b', logged(log, 'b1'));
    finishA1();
    await Promise.all([a1, a2, b1]);
    expect(log.filter((line) => line.startsWith('start'))).toEqual(['start a1', 'start b1', 'start a2']);
  });

  it('goes on past a failed task, and drops a task aborted while it waits', async () => {
    const queue = new FairQueue<string>();
    const log: string[] = [];
    const controller = new AbortController();
    const failing = queue.run('a', logged(log, 'a1', true));
    const aborted = queue.run('b', logged(log, 'b1'), controller.signal);
    const last = queue.run('b', logged(log, 'b2'));
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    expect(queue.pending).toBe(1);
    await expect(failing).rejects.toThrow('a1');
    await expect(last).resolves.toBe('b2');
    expect(log).toEqual(['start a1', 'end a1', 'start b2', 'end b2']);
  });

  it('rejects a task whose signal has already fired, without running it', async () => {
    const queue = new FairQueue<string>();
    let ran = false;
    const task = queue.run(
      'a',
      async () => {
        ran = true;
      },
      AbortSignal.abort(),
    );
    await expect(task).rejects.toBeInstanceOf(AbortedError);
    expect(ran).toBe(false);
  });
});
