// Logits processors: each narrows or reshapes the candidate list in place, in llama.cpp's default order
// (bias, penalties, then a grammar's token mask, top-k, top-p, min-p, temperature).
import { tokenAllowed } from '../constraint/token-constraint.ts';
import { type Candidates, softmaxInto, sortCandidates } from './candidates.ts';

export function applyLogitBias(c: Candidates, bias: ReadonlyMap<number, number>): void {
  if (bias.size === 0) return;
  for (let i = 0; i < c.length; i++) {
    const b = bias.get(c.ids[i]!);
    if (b !== undefined) c.logits[i] = c.logits[i]! + b;
  }
  c.sorted = false;
}

export interface Penalties {
  repetition: number;
  frequency: number;
  presence: number;
}

/** llama.cpp's penalties sampler: over the distinct tokens of `recent`, with their occurrence counts. */
export function applyPenalties(c: Candidates, recent: readonly number[], p: Penalties): void {
  if (recent.length === 0 || (p.repetition === 1 && p.frequency === 0 && p.presence === 0)) return;
  const counts = new Map<number, number>();
  for (const id of recent) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (let i = 0; i < c.length; i++) {
    const count = counts.get(c.ids[i]!);
    if (count === undefined) continue;
    let logit = c.logits[i]!;
    logit = logit <= 0 ? logit * p.repetition : logit / p.repetition;
    c.logits[i] = logit - count * p.frequency - p.presence;
  }
  c.sorted = false;
}

/** Bans every token `mask` ((ceil(vocab / 32)) u32, set bit: allowed) leaves out. */
export function applyTokenMask(c: Candidates, mask: Uint32Array): void {
  for (let i = 0; i < c.length; i++)
    if (!tokenAllowed(mask, c.ids[i]!)) c.logits[i] = Number.NEGATIVE_INFINITY;
  c.sorted = false;
}

export function applyTopK(c: Candidates, k: number): void {
  if (k <= 0 || k >= c.length) return;
  sortCandidates(c);
  c.length = k;
}

/** Keeps the smallest prefix (by probability) whose mass reaches p; always at least one token. */
export function applyTopP(c: Candidates, p: number, scratch: Float64Array): void {
  if (p >= 1) return;
  sortCandidates(c);
  softmaxInto(c, scratch);
  let mass = 0;
  for (let i = 0; i < c.length; i++) {
    mass += scratch[i]!;
    if (mass >= p) {
      c.length = i + 1;
      return;
    }
  }
}

/** Drops tokens whose probability is below minP times the most likely one's; always keeps the top token. */
export function applyMinP(c: Candidates, minP: number): void {
  if (minP <= 0 || c.length === 0) return;
  sortCandidates(c);
  // p_i / p_max = exp(l_i - l_max), so compare in logit space without normalising.
  const threshold = c.logits[0]! + Math.log(minP);
  let keep = 1;
  while (keep < c.length && c.logits[keep]! >= threshold) keep++;
  c.length = keep;
}

export function applyTemperature(c: Candidates, temperature: number): void {
  for (let i = 0; i < c.length; i++) c.logits[i] = c.logits[i]! / temperature;
}
