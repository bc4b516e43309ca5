import { describe, expect, it } from 'vitest';
import { commonPrefix, defaultSequenceCount, type PrefixReuse, SequenceSlots } from './sequence-slots.ts';

const full = [{ slots: 1024 }];
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

/** Selects a slot for `prompt` (every fresh slot made) and records a run of the uncached rest. */
async function serve(slots: SequenceSlots, prompt: number[], reuse: PrefixReuse = 'longest') {
  const choice = await slots.acquire(prompt, reuse, () => true);
  await slots.track(prompt.slice(choice.cached), choice.cached, async () => undefined);
  return choice;
}

describe('SequenceSlots', () => {
  it('finds the common prefix of two id lists', () => {
    expect(commonPrefix([1, 2, 3], [1, 2, 4])).toBe(2);
    expect(commonPrefix([1, 2], [1, 2, 3])).toBe(2);
    expect(commonPrefix([], [1])).toBe(0);
  });

  it('reuses a previous turn, never the last prompt token (its logits are the output)', async () => {
    const slots = new SequenceSlots(2, full);
    expect(await serve(slots, [1, 5, 6, 7])).toMatchObject({ slot: 0, cached: 0 });
    // The next turn: the previous prompt, the reply, a new message.
    expect(await serve(slots, [1, 5, 6, 7, 8, 9])).toMatchObject({ slot: 0, cached: 4 });
    // The same prompt again: everything but the last token.
    expect(await serve(slots, [1, 5, 6, 7, 8, 9])).toMatchObject({ slot: 0, cached: 5 });
    expect(await serve(slots, [1, 5, 6, 7, 8, 9], 'off')).toMatchObject({ cached: 0 });
  });

  it('forks a departing prompt into a free slot so the original stays whole', async () => {
    const slots = new SequenceSlots(3, full);
    await serve(slots, [1, 2, 3, 4, 5, 6]);
    // Regenerate / edit the last message: the prefix [1, 2, 3] is copied into a fresh slot.
    const edit = await serve(slots, [1, 2, 3, 9]);
    expect(edit).toMatchObject({ slot: 1, cached: 3, fresh: true, copyFrom: 0 });
    expect(slots.cachedIds(1)).toEqual([1, 2, 3, 9]);
    expect(slots.cachedIds(0)).toEqual([1, 2, 3, 4, 5, 6]);
    // Both continue where they were.
    expect(await serve(slots, [1, 2, 3, 4, 5, 6, 7])).toMatchObject({ slot: 0, cached: 6 });
    expect(await serve(slots, [1, 2, 3, 9, 10])).toMatchObject({ slot: 1, cached: 4 });
  });

  it('keeps two alternating conversations in their own slots', async () => {
    const slots = new SequenceSlots(2, full);
    let a = [1, 10, 11];
    let b = [1, 20, 21];
    await serve(slots, a);
    await serve(slots, b);
    for (let turn = 0; turn < 3; turn++) {
      a = [...a, 12 + turn];
      b = [...b, 22 + turn];
      expect(await serve(slots, a)).toMatchObject({ cached: a.length - 1 });
      expect(await serve(slots, b)).toMatchObject({ cached: b.length - 1 });
    }
    expect(slots.allocated).toBe(2);
  });

  it("'current' stays in the current slot (a context slide), with what it can reuse there", async () => {
    const slots = new SequenceSlots(2, full);
    await serve(slots, [1, 2, 3, 4, 5, 6]); // slot 0
    await serve(slots, [7, 8, 9]); // slot 1, now current
    // The window keeps the first token and the latest ones: only the first is reusable in slot 1.
    expect(await serve(slots, [7, 30, 31], 'current')).toMatchObject({ slot: 1, cached: 1 });
    expect(slots.cachedIds(0)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('evicts the least recently used slot when none matches and all are taken', async () => {
    const slots = new SequenceSlots(2, full);
    await serve(slots, [1, 2, 3]); // slot 0
    await serve(slots, [4, 5, 6]); // slot 1
    await serve(slots, [1, 2, 3, 7]); // slot 0 again, now the most recent
    expect(await serve(slots, [8, 9])).toMatchObject({ slot: 1, cached: 0 });
    expect(slots.cachedIds(1)).toEqual([8, 9]);
  });

  it('takes over the best partial match when no slot is free', async () => {
    const slots = new SequenceSlots(1, full);
    await serve(slots, [1, 2, 3, 4, 5]);
    expect(await serve(slots, [1, 2, 3, 9])).toMatchObject({ slot: 0, cached: 3 });
    expect(slots.cachedIds(0)).toEqual([1, 2, 3, 9]);
  });

  it('falls back to the slots there are when the runner cannot make another', async () => {
    const slots = new SequenceSlots(4, full);
    await serve(slots, [1, 2, 3]);
    const choice = await slots.acquire([7, 8], 'longest', () => false);
    expect(choice).toMatchObject({ slot: 0, cached: 0, fresh: false });
    expect(slots.maxSlots).toBe(1);
  });

  it('reuses a windowed ring only while the positions the window needs are still in it', async () => {
    // Window 4 in a ring of 6 slots: after 8 tokens, positions 0 and 1 are overwritten.
    const slots = new SequenceSlots(1, [{ window: 4, slots: 6 }, { slots: 64 }]);
    await serve(slots, range(0, 8));
    // Resuming at position 7 needs positions >= 3: in the ring.
    expect(slots.reusable(0, [...range(0, 7), 99])).toBe(7);
    // Resuming at position 5 needs position 1, overwritten by position 7.
    expect(slots.reusable(0, [...range(0, 5), 99])).toBe(0);
    // A shorter second turn keeps the ring's loss in mind: what it wrote does not bring position 1 back.
    expect(await serve(slots, [...range(0, 7), 50])).toMatchObject({ cached: 7 });
    expect(slots.reusable(0, [...range(0, 5), 99])).toBe(0);
  });

  it('empties a slot whose run failed half-way', async () => {
    const slots = new SequenceSlots(1, full);
    await serve(slots, [1, 2, 3, 4]);
    await expect(
      slots.track([5, 6], 4, async () => {
        throw new Error('device lost');
      }),
    ).rejects.toThrow('device lost');
    expect(slots.cachedIds(0)).toEqual([]);
  });

  it('sizes the default count from the KV budget', () => {
    expect(defaultSequenceCount(1 << 20)).toBe(4);
    expect(defaultSequenceCount(400 << 20)).toBe(2);
    expect(defaultSequenceCount(4 * 2 ** 30)).toBe(1);
    expect(() => new SequenceSlots(0, full)).toThrow(RangeError);
  });
});
