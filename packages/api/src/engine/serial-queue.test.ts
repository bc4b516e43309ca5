import { describe, expect, it } from 'vitest';
import { AbortedError } from '../errors/errors.ts';
import { SerialQueue } from './serial-queue.ts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SerialQueue', () => {
  it('runs tasks one at a time, in order, past failures', async () => {
    const queue = new SerialQueue();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      queue.run(task('a')),
      queue.run(task('b', true)),
      queue.run(task('c')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('drops a task aborted while it waits, and runs the next', async () => {
    const queue = new SerialQueue();
    const controller = new AbortController();
    const ran: string[] = [];
    const first = queue.run(async () => {
      await tick();
      ran.push('first');
    });
    const second = queue.run(async () => ran.push('second'), controller.signal);
    const third = queue.run(async () => ran.push('third'));
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(AbortedError);
    await Promise.all([first, third]);
    expect(ran).toEqual(['first', 'third']);
  });
});
