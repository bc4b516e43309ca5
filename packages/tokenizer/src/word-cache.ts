/**
 * Word -> ids for the merging tokenizers: words repeat a lot in real text and merging is deterministic per
 * word. Cleared whole when full, which keeps memory bounded at no bookkeeping cost per hit.
 */
export class WordCache {
  private readonly ids = new Map<string, number[]>();

  constructor(
    private readonly merge: (word: string, out: number[]) => void,
    private readonly limit = 1 << 16,
  ) {}

  /** Appends the ids of `word` to `out`, merging it on a miss. */
  append(word: string, out: number[]): void {
    let ids = this.ids.get(word);
    if (!ids) {
      ids = [];
      this.merge(word, ids);
      if (this.ids.size >= this.limit) this.ids.clear();
      this.ids.set(word, ids);
    }
    for (const id of ids) out.push(id);
  }
}
