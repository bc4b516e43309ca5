// The base model's verdict on every scored position, kept as its top-K log-probabilities: K = vocab keeps the
// whole distribution (exact KL), a smaller K keeps big vocabularies compact (KL then a tight lower bound).
import { klDivergenceTopK } from '@wgllm/runtime';

export interface BaseReferenceShape {
  /** (n) the tokenized text the windows were cut from, to check that a candidate sees the same tokens. */
  tokens: Int32Array;
  /** Window length (tokens). */
  ctx: number;
  vocabSize: number;
  /** Log-probabilities kept per position. */
  topK: number;
}

export class BaseReference {
  readonly tokens: Int32Array;
  readonly ctx: number;
  readonly vocabSize: number;
  readonly topK: number;
  /** Scored positions recorded so far. */
  count = 0;
  private ids: Int32Array; // (capacity, topK) token ids, most likely first
  private logProbs: Float64Array; // (capacity, topK) ln p of those ids
  private targets: Float64Array; // (capacity) ln p of the token that actually came next

  constructor(shape: BaseReferenceShape, capacity: number) {
    this.tokens = shape.tokens;
    this.ctx = shape.ctx;
    this.vocabSize = shape.vocabSize;
    this.topK = Math.min(shape.topK, shape.vocabSize);
    this.ids = new Int32Array(capacity * this.topK);
    this.logProbs = new Float64Array(capacity * this.topK);
    this.targets = new Float64Array(capacity);
  }

  /** Records the next position from the base's full log-probabilities (vocab) and the token that followed. */
  push(logProbs: Float64Array, target: number): void {
    const k = this.topK;
    const at = this.count * k;
    const order = topIndices(logProbs, k);
    for (let i = 0; i < k; i++) {
      this.ids[at + i] = order[i]!;
      this.logProbs[at + i] = logProbs[order[i]!]!;
    }
    this.targets[this.count] = logProbs[target]!;
    this.count++;
  }

  /** Records a position from already-selected top-K entries (a loaded file). */
  pushRaw(ids: ArrayLike<number>, logProbs: ArrayLike<number>, targetLogProb: number): void {
    this.ids.set(ids, this.count * this.topK);
    this.logProbs.set(logProbs, this.count * this.topK);
    this.targets[this.count] = targetLogProb;
    this.count++;
  }

  targetLogProb(position: number): number {
    return this.targets[position]!;
  }

  top1(position: number): number {
    return this.ids[position * this.topK]!;
  }

  /** KL(base || candidate) at `position` for the candidate's full log-probabilities (vocab). */
  kl(position: number, candidateLogProbs: Float64Array): number {
    const at = position * this.topK;
    return klDivergenceTopK(
      this.ids.subarray(at, at + this.topK),
      this.logProbs.subarray(at, at + this.topK),
      candidateLogProbs,
    );
  }

  /** The recorded entries of one position, for serialization. */
  entry(position: number): { ids: Int32Array; logProbs: Float64Array; targetLogProb: number } {
    const at = position * this.topK;
    return {
      ids: this.ids.subarray(at, at + this.topK),
      logProbs: this.logProbs.subarray(at, at + this.topK),
      targetLogProb: this.targets[position]!,
    };
  }
}

/** Indices of the k largest values, largest first (ties: lower index first). */
function topIndices(values: Float64Array, k: number): number[] {
  const order = Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => values[b]! - values[a]! || a - b);
  return order.slice(0, k);
}
