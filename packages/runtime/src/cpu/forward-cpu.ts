// The CPU reference backend: runs a model graph op by op with the kernels' own reference functions (f64
// accumulation, f32 storage, the KV cache rounded as the GPU's), so it is the exact oracle the GPU must
// match. It adds no arithmetic of its own.
import {
  addRef,
  attentionRef,
  embeddingRef,
  type KvType,
  kvWriteRef,
  matmulRef,
  rmsNormRef,
  ropeRef,
  swigluRef,
} from '@wgllm/kernels';
import { ContextOverflowError } from '../errors.ts';
import type { ModelGraph, Op, Value } from '../graph/graph.ts';
import type { ModelConfig } from '../model/config.ts';

/** Element type of the KV cache: `f16` rounds cached keys and values as the GPU's f16 cache (and llama.cpp's) do. */
export type KvPrecision = KvType;

/** Called with each value of a step as it is computed: (tokens, width) f32, or (1, width) after lastToken. */
export type TapFn = (value: Value, data: Float32Array) => void;

export class CpuForward {
  private readonly keyCaches: Float32Array[]; // per attention layer: (n_head_kv, context, head_dim)
  private readonly valueCaches: Float32Array[]; // per attention layer: (n_head_kv, context, head_dim)
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
    const cacheOf = (kv: { nHeadKv: number; headDim: number }) =>
      new Float32Array(kv.nHeadKv * contextLength * kv.headDim);
    this.keyCaches = graph.kvLayers.map(cacheOf);
    this.valueCaches = graph.kvLayers.map(cacheOf);
    this.logits = new Float32Array(config.vocabSize);
  }

  /** Runs `token` at position `pos` (earlier positions must already be cached); returns the logits (vocab). */
  forward(token: number, pos: number): Float32Array {
    return this.run([token], pos);
  }

  /** Runs `tokens` at positions pos, pos + 1, ...; returns the last token's logits (vocab). */
  run(tokens: readonly number[], pos: number, tap?: TapFn): Float32Array {
    if (pos + tokens.length > this.contextLength)
      throw new ContextOverflowError(pos + tokens.length, this.contextLength);
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
        return embeddingRef(weight(op.table.name), Uint32Array.from(tokens), op.out.width);
      case 'rmsNorm':
        return rmsNormRef(get(op.x), undefined, weight(op.weight.name), op.groupSize, op.eps).out;
      case 'matmul': {
        const bias = op.bias && weight(op.bias.name);
        return matmulRef(weight(op.weight.name), get(op.x), op.out.width, op.x.width, rowsOf(op.x), bias);
      }
      case 'rope':
        return ropeRef(get(op.x), op.heads, op.rope, pos, op.factors && weight(op.factors.name));
      case 'add':
        return addRef(get(op.a), get(op.b));
      case 'swiglu':
        return swigluRef(get(op.gate), get(op.up));
      case 'attention': {
        const { nHeadKv, headDim } = op.kv;
        const caches = { k: this.keyCaches[op.layer]!, v: this.valueCaches[op.layer]! };
        const dims = { nHeadKv, headDim, maxSeq: this.contextLength, pos0: pos };
        kvWriteRef(get(op.k), get(op.v), caches, dims, undefined, this.kvPrecision);
        return attentionRef(get(op.q), caches.k, caches.v, {
          ...dims,
          nHead: op.nHead,
          nTokens: tokens.length,
        });
      }
      case 'lastToken': {
        const x = get(op.x);
        return x.slice(x.length - op.x.width);
      }
    }
  }
}
