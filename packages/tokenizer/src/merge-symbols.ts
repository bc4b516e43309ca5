import { BigramQueue } from './bigram-queue.ts';

/**
 * The merge loop llm_tokenizer_spm and llm_tokenizer_bpe share. Symbol i is text.substr(start[i], length[i])
 * (UTF-16 units); the adjacent pair with the lowest `priority` merges first, ties going to the leftmost pair,
 * until no pair has one (undefined: not a merge). `length` is updated in place. Returns the surviving symbols'
 * texts in order.
 */
export function mergeSymbols(
  text: string,
  start: readonly number[],
  length: number[],
  priority: (left: number, right: number) => number | undefined,
): string[] {
  const count = start.length;
  // Linked so merged symbols drop out.
  const prev = Array.from({ length: count }, (_, i) => i - 1);
  const next = Array.from({ length: count }, (_, i) => (i + 1 < count ? i + 1 : -1));
  const queue = new BigramQueue();
  const tryAdd = (left: number, right: number) => {
    if (left < 0 || right < 0) return;
    const rank = priority(left, right);
    if (rank !== undefined) queue.push(rank, left, right, length[left]! + length[right]!);
  };
  for (let i = 1; i < count; i++) tryAdd(i - 1, i);

  while (queue.pop()) {
    const { left, right } = queue;
    // Either symbol merged since the pair was queued (symbols keep their start, so "same text as when queued"
    // is "same total length"): skip it.
    if (length[left] === 0 || length[right] === 0 || length[left]! + length[right]! !== queue.size) continue;
    length[left]! += length[right]!;
    length[right] = 0;
    next[left] = next[right]!;
    if (next[right]! >= 0) prev[next[right]!] = left;
    tryAdd(prev[left]!, left);
    tryAdd(left, next[left]!);
  }

  const pieces: string[] = [];
  for (let i = count > 0 ? 0 : -1; i !== -1; i = next[i]!) pieces.push(text.substr(start[i]!, length[i]!));
  return pieces;
}
