// Which KV sequence (slot) a prompt continues, and what each slot's cache still holds. A slot keeps the ids of
// the tokens its KV cache was computed from, position by position, so a prompt that begins with them prefills
// only the rest: a chat's next turn, a regenerated or edited last message, or another conversation that
// alternates with it on the same engine (each in its own slot). Pure bookkeeping: the runners own the caches.
// A model with recurrent state (LFM2's conv layers) holds that state at its last position only and cannot
// rewind it: a slot serves a prompt only when it holds nothing beyond the prompt's start (a next turn), and
// everything else prefills from position 0, where the runners start the state afresh.

/** One attention layer's cache as the bookkeeping sees it. */
export interface KvRing {
  /** Positions the layer attends back (a sliding window); undefined: all of them. */
  window?: number | undefined;
  /** Positions its cache holds: position p lives at slot p % slots (the context, or a window's ring). */
  slots: number;
}

interface Slot {
  /** The token at each cached position, 0 .. ids.length - 1. */
  ids: number[];
  /** Per layer: the first position still in its ring (lower ones were overwritten by later ones). */
  intactFrom: number[];
  /** Tick of the last selection (least recently used goes first). */
  used: number;
  /** Made by the runner (its buffers exist). */
  allocated: boolean;
}

/**
 * Which cached prefix a prompt may use: the longest any slot holds ('longest'), none ('off': the prompt is
 * prefilled whole in a free or the least recently used slot), or the current slot's ('current': a context
 * slide re-evaluating the window of the generation under way in its own slot).
 */
export type PrefixReuse = 'longest' | 'off' | 'current';

export interface SlotChoice {
  slot: number;
  /** Leading prompt tokens whose KV the slot holds: prefill starts at this position. */
  cached: number;
  /** The slot is new: acquire() has the runner make its buffers. */
  fresh: boolean;
  /** The runner copies this slot's KV cache into `slot` first (a fork that leaves the original whole). */
  copyFrom?: number;
}

/** Tokens two id lists share at their start. */
export function commonPrefix(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** KV bytes that the default number of sequences may take together. */
const DEFAULT_SEQUENCE_BUDGET_BYTES = 1 << 30;
const DEFAULT_MAX_SEQUENCES = 4;

/** Sequences by default: up to 4, as many as fit 1 GiB of KV cache (at least one). */
export function defaultSequenceCount(kvBytesPerSequence: number): number {
  const fit = Math.floor(DEFAULT_SEQUENCE_BUDGET_BYTES / Math.max(1, kvBytesPerSequence));
  return Math.max(1, Math.min(DEFAULT_MAX_SEQUENCES, fit));
}

/**
 * Where a sequence's recurrent state stands after a run of `nTokens` at `pos`, from `stateEnd`: a run at 0
 * starts it afresh (the caller clears it), any other must continue where the last one ended.
 */
export function recurrentStateEnd(stateEnd: number, pos: number, nTokens: number): number {
  if (pos !== 0 && pos !== stateEnd)
    throw new Error(`recurrent state is at position ${stateEnd}, cannot run from ${pos}`);
  return pos + nTokens;
}

export class SequenceSlots {
  private readonly slots: Slot[] = [];
  private tick = 0;
  private slotLimit: number;
  /** The slot run() reads and writes. */
  current = 0;

  constructor(
    /** Most slots (KV caches) the runner may make. */
    maxSlots: number,
    private readonly layers: readonly KvRing[],
    /** The model keeps recurrent state (conv layers) beside its KV cache: only whole slots are reused. */
    private readonly recurrent = false,
  ) {
    if (!Number.isInteger(maxSlots) || maxSlots < 1)
      throw new RangeError(`the number of KV sequences must be a positive integer, got ${maxSlots}`);
    this.slotLimit = maxSlots;
    this.slots.push(this.emptySlot(true));
  }

  private emptySlot(allocated: boolean): Slot {
    return { ids: [], intactFrom: this.layers.map(() => 0), used: 0, allocated };
  }

  /** Most slots: the option, or fewer once the runner could not make one. */
  get maxSlots(): number {
    return this.slotLimit;
  }

  /** Slots made so far. */
  get allocated(): number {
    return this.slots.filter((s) => s.allocated).length;
  }

  /** Cached ids of `slot` (a copy). */
  cachedIds(slot: number): number[] {
    return [...(this.slots[slot]?.ids ?? [])];
  }

  /**
   * How many leading tokens of `prompt` `slot` can serve: the common prefix, unless a windowed layer needs a
   * position its ring has lost (then none), and never the prompt's last token (its logits are the output). With
   * recurrent state, all the slot holds or none: the state is known only at its end.
   */
  reusable(slot: number, prompt: readonly number[]): number {
    const s = this.slots[slot]!;
    const common = Math.min(commonPrefix(s.ids, prompt), prompt.length - 1);
    if (common <= 0 || (this.recurrent && common < s.ids.length)) return 0;
    // Queries from position `common` on look back `window` positions at most.
    const intact = this.layers.every(
      (layer, l) => layer.window === undefined || Math.max(0, common - layer.window) >= s.intactFrom[l]!,
    );
    return intact ? common : 0;
  }

  /** The most leading tokens of `prompt` any slot can serve (what choose() reuses at best). */
  longestReusable(prompt: readonly number[]): number {
    return Math.max(0, ...this.slots.map((s, slot) => (s.allocated ? this.reusable(slot, prompt) : 0)));
  }

  /**
   * The slot to continue `prompt` from. The slot with the longest reusable prefix (the most recent on a tie)
   * when the prompt extends all it holds (a next turn); when the prompt departs from it (a regenerate, an
   * edited message, another conversation with the same system prompt), a free slot gets a copy of that prefix
   * so the original stays whole; with no free slot, the match itself; with no match, a free slot or the least
   * recently used one.
   */
  choose(prompt: readonly number[], reuse: PrefixReuse = 'longest'): SlotChoice {
    if (reuse === 'current') return this.select(this.current, this.reusable(this.current, prompt), false);
    let best = { slot: this.current, cached: 0 };
    let bestUsed = -1;
    for (const [slot, s] of this.slots.entries()) {
      const cached = reuse === 'longest' && s.allocated ? this.reusable(slot, prompt) : 0;
      if (cached > best.cached || (cached === best.cached && cached > 0 && s.used > bestUsed)) {
        best = { slot, cached };
        bestUsed = s.used;
      }
    }
    const source = this.slots[best.slot]!;
    const extendsAll = commonPrefix(source.ids, prompt) >= source.ids.length;
    if (best.cached > 0 && extendsAll) return this.select(best.slot, best.cached, false);
    const free = this.slots.findIndex((s) => s.allocated && s.ids.length === 0);
    const fresh = free < 0 && this.slots.length < this.slotLimit;
    if (free >= 0 || fresh) {
      if (fresh) this.slots.push(this.emptySlot(false));
      const slot = fresh ? this.slots.length - 1 : free;
      if (best.cached === 0) return this.select(slot, 0, fresh);
      const copy = this.slots[slot]!;
      copy.ids = source.ids.slice(0, best.cached);
      copy.intactFrom = [...source.intactFrom];
      return { ...this.select(slot, best.cached, fresh), copyFrom: best.slot };
    }
    if (best.cached > 0) return this.select(best.slot, best.cached, false);
    const lru = this.slots.reduce((a, s, i) => (s.used < this.slots[a]!.used ? i : a), 0);
    return this.select(lru, 0, false);
  }

  private select(slot: number, cached: number, fresh: boolean): SlotChoice {
    this.current = slot;
    this.slots[slot]!.used = ++this.tick;
    return { slot, cached, fresh };
  }

  /**
   * choose(), making a fresh slot's buffers with `make`; when it cannot (false: out of memory), no more slots
   * are tried and the prompt gets one of the slots there are.
   */
  async acquire(
    prompt: readonly number[],
    reuse: PrefixReuse,
    make: (slot: number) => Promise<boolean> | boolean,
  ): Promise<SlotChoice> {
    const previous = this.current;
    const choice = this.choose(prompt, reuse);
    if (!choice.fresh) return choice;
    if (await make(choice.slot)) {
      this.slots[choice.slot]!.allocated = true;
      return choice;
    }
    this.slots.pop();
    this.slotLimit = this.slots.length;
    this.current = previous;
    return this.choose(prompt, reuse);
  }

  /**
   * Runs `work`, which computes `tokens` at `pos` .. in the current slot: afterwards they are cached there and
   * each ring has lost what they overwrote; if it fails, the slot is emptied (its cache is half written).
   */
  async track<T>(tokens: readonly number[], pos: number, work: () => Promise<T>): Promise<T> {
    const s = this.slots[this.current]!;
    if (s.ids.length > pos) s.ids.length = pos;
    let result: T;
    try {
      result = await work();
    } catch (error) {
      this.invalidate();
      throw error;
    }
    // A run past positions this bookkeeping knows of leaves nothing before it trusted.
    if (s.ids.length < pos) this.invalidate();
    else for (const id of tokens) s.ids.push(id);
    const end = pos + tokens.length;
    this.layers.forEach((layer, l) => {
      s.intactFrom[l] = Math.max(Math.min(s.intactFrom[l]!, pos), end - layer.slots);
    });
    return result;
  }

  /** The current slot's cache is in an unknown state (a failed step). */
  invalidate(): void {
    const s = this.slots[this.current]!;
    s.ids.length = 0;
    s.intactFrom.fill(0);
  }
}
