import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors/errors.ts';
import { FairQueue } from './fair-queue.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

/** Tasks that record their names as they start, and fail the test if two ever run at once. */
function recorder() {
  const started: string[] = [];
  let running = 0;
  const task =
    (name: string, fail = false) =>
    async (): Promise<string> => {
      expect(running, `${name} started while another task ran`).toBe(0);
      running++;
      started.push(name);
      await tick();
      running--;
      if (fail) throw new Error(name);
      return name;
    };
  return { started, task };
}

describe('FairQueue', () => {
  it('takes turns between owners instead of serving them in arrival order, one task at a time', async () => {
    const queue = new FairQueue<string>();
    const { started, task } = recorder();
    const all = [
      queue.run('a', task('a1')),
      queue.run('a', task('a2')),
      queue.run('a', task('a3')),
      queue.run('b', task('b1')),
      queue.run('b', task('b2')),
      queue.run('c', task('c1')),
    ];
    expect(queue.pending).toBe(5);
    await Promise.all(all);
    expect(started).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
    expect(queue.pending).toBe(0);
  });

  it('lets an owner that arrives later in before the busy owner runs again', async () => {
    const queue = new FairQueue<string>();
    const { started, task } = recorder();
    let finishA1!: () => void;
    const a1 = queue.run('a', async () => {
      started.push('a1');
      await new Promise<void>((resolve) => {
        finishA1 = resolve;
      });
    });
    const a2 = queue.run('a', task('a2'));
    await tick(); // a1 is running, a2 waits
    const b1 = queue.run('b', task('b1'));
    finishA1();
    await Promise.all([a1, a2, b1]);
    expect(started).toEqual(['a1', 'b1', 'a2']);
  });

  it('goes on past a failed task, and drops a task aborted while it waits', async () => {
    const queue = new FairQueue<string>();
    const { started, task } = recorder();
    const controller = new AbortController();
    const failing = queue.run('a', task('a1', true));
    const aborted = queue.run('b', task('b1'), controller.signal);
    const last = queue.run('b', task('b2'));
    controller.abort();
    await expect(aborted).rejects.toBeInstanceOf(AbortedError);
    expect(queue.pending).toBe(1);
    await expect(failing).rejects.toThrow('a1');
    await expect(last).resolves.toBe('b2');
    expect(started).toEqual(['a1', 'b2']);
  });

  it('rejects a task whose signal has already fired, without running it', async () => {
    const queue = new FairQueue<string>();
    const { started, task } = recorder();
    await expect(queue.run('a', task('a1'), AbortSignal.abort())).rejects.toBeInstanceOf(AbortedError);
    expect(started).toEqual([]);
  });
});
