/**
 * Priority queue of candidate merges (llm_bigram_spm / llm_bigram_bpe queues): the lowest priority pops first,
 * ties going to the leftmost pair. Entries live in typed arrays; a queue of objects is several times slower
 * on the million-entry queues a long text makes.
 */
export class BigramQueue {
  private priority = new Float64Array(64);
  private lefts = new Int32Array(64);
  private rights = new Int32Array(64);
  private sizes = new Int32Array(64);
  /** Binary heap of entry indices. */
  private heap = new Int32Array(64);
  private entries = 0;
  private length = 0;

  /** Set by pop(): the popped pair and its merged size. */
  left = 0;
  right = 0;
  size = 0;

  push(priority: number, left: number, right: number, size: number): void {
    if (this.entries === this.priority.length) this.grow();
    const entry = this.entries++;
    this.priority[entry] = priority;
    this.lefts[entry] = left;
    this.rights[entry] = right;
    this.sizes[entry] = size;
    if (this.length === this.heap.length) {
      const heap = new Int32Array(this.heap.length * 2);
      heap.set(this.heap);
      this.heap = heap;
    }
    const heap = this.heap;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(entry, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  /** Pops the next pair into left/right/size; false when empty. */
  pop(): boolean {
    if (this.length === 0) return false;
    const heap = this.heap;
    const top = heap[0]!;
    const last = heap[--this.length]!;
    const n = this.length;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && this.before(heap[r]!, heap[l]!) ? r : l;
      if (!this.before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    this.left = this.lefts[top]!;
    this.right = this.rights[top]!;
    this.size = this.sizes[top]!;
    return true;
  }

  private before(a: number, b: number): boolean {
    const pa = this.priority[a]!;
    const pb = this.priority[b]!;
    return pa < pb || (pa === pb && this.lefts[a]! < this.lefts[b]!);
  }

  private grow(): void {
    const capacity = this.priority.length * 2;
    const grow = <T extends Float64Array | Int32Array>(array: T, make: (n: number) => T): T => {
      const bigger = make(capacity);
      bigger.set(array);
      return bigger;
    };
    this.priority = grow(this.priority, (n) => new Float64Array(n));
    this.lefts = grow(this.lefts, (n) => new Int32Array(n));
    this.rights = grow(this.rights, (n) => new Int32Array(n));
    this.sizes = grow(this.sizes, (n) => new Int32Array(n));
  }
}
