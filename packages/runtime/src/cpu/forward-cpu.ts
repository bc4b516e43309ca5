// The CPU reference backend: runs a model graph op by op with the kernels' own reference functions (f64
// accumulation, f32 storage, the KV cache rounded as the GPU's), so it is the exact oracle the GPU must
// match. It adds no arithmetic of its own.
import {
  addRef,
  attentionRef,
  embeddingRef,
  gegluRef,
  type KvType,
  kvWriteRef,
  matmulRef,
  rmsNormRef,
  ropeRef,
  scaleRef,
  softcapRef,
  swigluRef,
} from '@wgllm/kernels';
import { ContextOverflowError } from '../errors.ts';
import { kvSlots, type ModelGraph, type Op, type Value } from '../graph/graph.ts';
import type { ModelConfig } from '../model/config.ts';

/** Element type of the KV cache: `f16` rounds cached keys and values as the GPU's f16 cache (and llama.cpp's) do. */
export type KvPrecision = KvType;

/**
 * Called with each value of a step as it is computed: (tokens, width) f32, or (1, width) after lastToken; a run
 * longer than MAX_STEP_TOKENS on a model with windowed layers is computed, and tapped, in chunks of that size.
 */
export type TapFn = (value: Value, data: Float32Array) => void;

/** Tokens one step computes at most where a windowed layer's ring cache bounds it (the GPU's largest chunk). */
export const MAX_STEP_TOKENS = 64;

export class CpuForward {
  /** The current sequence's caches. */
  private keyCaches: Float32Array[]; // per attention layer: (n_head_kv, slots, head_dim)
  private valueCaches: Float32Array[]; // per attention layer: (n_head_kv, slots, head_dim)
  /** Every sequence's caches (KV slots for prefix reuse), made on first use. */
  private readonly sequences: { keys: Float32Array[]; values: Float32Array[] }[] = [];
  /** Per attention layer: cache slots (positions), the context or a sliding window's ring. */
  readonly slots: number[];
  private readonly windowed: boolean;
  /** The last step's logits (vocab). */
  logits: Float32Array;

  constructor(
    readonly config: ModelConfig,
    readonly graph: ModelGraph,
    /** Every weight of the graph as f32, row-major: ggml [cols, rows] is (rows, cols). */
    private readonly weights: ReadonlyMap<string, Float32Array>,
    /** KV cache length (tokens). */
    readonly contextLength: number,
    readonly kvPrecision: KvPrecision = 'f32',
  ) {
    this.slots = graph.kvLayers.map((kv) => kvSlots(kv, contextLength, MAX_STEP_TOKENS));
    this.windowed = graph.kvLayers.some((kv) => kv.window !== undefined);
    const cacheOf = (kv: { nHeadKv: number; headDim: number }, l: number) =>
      new Float32Array(kv.nHeadKv * this.slots[l]! * kv.headDim);
    this.keyCaches = graph.kvLayers.map(cacheOf);
    this.valueCaches = graph.kvLayers.map(cacheOf);
    this.sequences.push({ keys: this.keyCaches, values: this.valueCaches });
    this.logits = new Float32Array(config.vocabSize);
  }

  /** Bytes of one sequence's K and V caches. */
  get kvBytes(): number {
    return 2 * this.keyCaches.reduce((n, cache) => n + cache.byteLength, 0);
  }

  /** Makes sequence `slot` current, making its caches on first use, filled from `copyFrom`'s when given. */
  useSequence(slot: number, copyFrom?: number): void {
    if (slot > this.sequences.length) throw new RangeError(`sequence ${slot} skips a sequence`);
    const fresh = () => this.keyCaches.map((cache) => new Float32Array(cache.length));
    const sequence = this.sequences[slot] ?? { keys: fresh(), values: fresh() };
    this.sequences[slot] = sequence;
    const source = copyFrom === undefined ? undefined : this.sequences[copyFrom]!;
    for (const [l, cache] of (source?.keys ?? []).entries()) sequence.keys[l]!.set(cache);
    for (const [l, cache] of (source?.values ?? []).entries()) sequence.values[l]!.set(cache);
    this.keyCaches = sequence.keys;
    this.valueCaches = sequence.values;
  }

  /** Runs `token` at position `pos` (earlier positions must already be cached); returns the logits (vocab). */
  forward(token: number, pos: number): Float32Array {
    return this.run([token], pos);
  }

  /** Runs `tokens` at positions pos, pos + 1, ...; returns the last token's logits (vocab). */
  run(tokens: readonly number[], pos: number, tap?: TapFn): Float32Array {
    if (pos + tokens.length > this.contextLength)
      throw new ContextOverflowError(pos + tokens.length, this.contextLength);
    if (this.windowed && tokens.length > MAX_STEP_TOKENS) {
      for (let start = 0; start < tokens.length; start += MAX_STEP_TOKENS)
        this.run(tokens.slice(start, start + MAX_STEP_TOKENS), pos + start, tap);
      return this.logits;
    }
    const values = new Map<number, Float32Array>();
    for (const op of this.graph.ops) {
      const data = this.execute(op, (v) => values.get(v.id)!, tokens, pos);
      values.set(op.out.id, data);
      tap?.(op.out, data);
    }
    this.logits = values.get(this.graph.logits.id)!;
    return this.logits;
  }

  private execute(
    op: Op,
    get: (v: Value) => Float32Array,
    tokens: readonly number[],
    pos: number,
  ): Float32Array {
    const weight = (name: string) => this.weights.get(name)!;
    const rowsOf = (v: Value) => get(v).length / v.width;
    switch (op.kind) {
      case 'embed':
        return embeddingRef(weight(op.table.name), Uint32Array.from(tokens), op.out.width, op.scale);
      case 'rmsNorm':
        return rmsNormRef(get(op.x), undefined, weight(op.weight.name), op.groupSize, op.eps).out;
      case 'matmul': {
        const bias = op.bias && weight(op.bias.name);
        return matmulRef(weight(op.weight.name), get(op.x), op.out.width, op.x.width, rowsOf(op.x), bias);
      }
      case 'rope':
        return ropeRef(get(op.x), op.heads, op.rope, pos, op.factors && weight(op.factors.name));
      case 'add':
        return addRef(get(op.a), get(op.b), op.bScale);
      case 'scale':
        return scaleRef(get(op.x), op.scale);
      case 'swiglu':
        return swigluRef(get(op.gate), get(op.up));
      case 'geglu':
        return gegluRef(get(op.gate), get(op.up));
      case 'softcap':
        return softcapRef(get(op.x), op.cap);
      case 'attention': {
        const { nHeadKv, headDim, window } = op.kv;
        const caches = { k: this.keyCaches[op.layer]!, v: this.valueCaches[op.layer]! };
        const dims = { nHeadKv, headDim, maxSeq: this.slots[op.layer]!, pos0: pos };
        kvWriteRef(get(op.k), get(op.v), caches, dims, undefined, this.kvPrecision);
        return attentionRef(get(op.q), caches.k, caches.v, {
          ...dims,
          nHead: op.nHead,
          nTokens: tokens.length,
          window,
          softcap: op.softcap,
          scale: op.scale,
        });
      }
      case 'lastToken': {
        const x = get(op.x);
        return x.slice(x.length - op.x.width);
      }
    }
  }
}
