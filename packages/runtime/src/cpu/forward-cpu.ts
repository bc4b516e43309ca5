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
  shortConvRef,
  softcapRef,
  swigluRef,
} from '@wgllm/kernels';
import { ContextOverflowError } from '../errors.ts';
import { convStateLength, kvSlots, type ModelGraph, type Op, type Value } from '../graph/graph.ts';
import type { ModelConfig } from '../model/config.ts';
import { recurrentStateEnd } from '../sequences/sequence-slots.ts';

/** Element type of the KV cache: `f16` rounds cached keys and values as the GPU's f16 cache (and llama.cpp's) do. */
export type KvPrecision = KvType;

/**
 * Called with each value of a step as it is computed: (tokens, width) f32, or (1, width) after lastToken; a run
 * longer than MAX_STEP_TOKENS on a model with windowed layers is computed, and tapped, in chunks of that size.
 */
export type TapFn = (value: Value, data: Float32Array) => void;

/** Tokens one step computes at most where a windowed layer's ring cache bounds it (the GPU's largest chunk). */
export const MAX_STEP_TOKENS = 64;

/** One sequence's caches and where its recurrent state stands. */
interface CpuSequence {
  keys: Float32Array[];
  values: Float32Array[];
  conv: Float32Array[];
  /** Position after the last token the conv states have seen. */
  stateEnd: number;
}

export class CpuForward {
  /** The current sequence's caches. */
  private keyCaches: Float32Array[]; // per attention layer: (n_head_kv, slots, head_dim)
  private valueCaches: Float32Array[]; // per attention layer: (n_head_kv, slots, head_dim)
  /** The current sequence's recurrent state: per conv layer (kernel - 1, channels). */
  private convStates: Float32Array[];
  /** Every sequence's caches (KV slots for prefix reuse), made on first use. */
  private readonly sequences: CpuSequence[] = [];
  private current: CpuSequence;
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
    this.convStates = graph.convLayers.map((conv) => new Float32Array(convStateLength(conv)));
    this.current = { keys: this.keyCaches, values: this.valueCaches, conv: this.convStates, stateEnd: 0 };
    this.sequences.push(this.current);
    this.logits = new Float32Array(config.vocabSize);
  }

  /** Bytes of one sequence's K and V caches. */
  get kvBytes(): number {
    return 2 * this.keyCaches.reduce((n, cache) => n + cache.byteLength, 0);
  }

  /** Makes sequence `slot` current, making its caches on first use, filled from `copyFrom`'s when given. */
  useSequence(slot: number, copyFrom?: number): void {
    if (slot > this.sequences.length) throw new RangeError(`sequence ${slot} skips a sequence`);
    const fresh = (like: Float32Array[]) => like.map((cache) => new Float32Array(cache.length));
    const sequence = this.sequences[slot] ?? {
      keys: fresh(this.keyCaches),
      values: fresh(this.keyCaches),
      conv: fresh(this.convStates),
      stateEnd: 0,
    };
    this.sequences[slot] = sequence;
    const source = copyFrom === undefined ? undefined : this.sequences[copyFrom]!;
    for (const [l, cache] of (source?.keys ?? []).entries()) sequence.keys[l]!.set(cache);
    for (const [l, cache] of (source?.values ?? []).entries()) sequence.values[l]!.set(cache);
    for (const [l, state] of (source?.conv ?? []).entries()) sequence.conv[l]!.set(state);
    if (source) sequence.stateEnd = source.stateEnd;
    this.keyCaches = sequence.keys;
    this.valueCaches = sequence.values;
    this.convStates = sequence.conv;
    this.current = sequence;
  }

  /**
   * A recurrent state is the sequence's at one position: a run at 0 starts it afresh, any other run must
   * continue where the last one ended (sequence-slots.ts reuses no other prefix of a model with conv layers).
   */
  private continueState(pos: number, nTokens: number): void {
    if (this.convStates.length === 0) return;
    if (pos === 0) for (const state of this.convStates) state.fill(0);
    this.current.stateEnd = recurrentStateEnd(this.current.stateEnd, pos, nTokens);
  }

  /** A copy of the current sequence's conv states (per conv layer (kernel - 1, channels)): tests compare them. */
  recurrentState(): Float32Array[] {
    return this.convStates.map((state) => state.slice());
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
    this.continueState(pos, tokens.length);
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
      case 'shortConv': {
        const { channels, kernel } = op.conv;
        return shortConvRef(
          get(op.bcx),
          weight(op.weight.name),
          this.convStates[op.layer]!,
          channels,
          kernel,
        );
      }
      case 'lastToken': {
        const x = get(op.x);
        return x.slice(x.length - op.x.width);
      }
    }
  }
}
