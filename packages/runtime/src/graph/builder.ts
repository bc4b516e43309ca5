// Builds a ModelGraph op by op, checking each op's widths against its weights' shapes as it goes, so a family
// graph that does not fit its tensors fails at load with the op named, not as wrong tokens.
import type { RopeConfig } from '@wgllm/kernels';
import type { ConvLayer, KvLayer, ModelGraph, Op, Value, WeightRef } from './graph.ts';

/** Per-layer attention options beyond the KV geometry. */
export interface AttentionOptions {
  /** Softmax scale; default 1 / sqrt(headDim). */
  scale?: number;
  /** Attention-logit soft cap. */
  softcap?: number;
}

export class GraphBuilder {
  private readonly ops: Op[] = [];
  private readonly weights = new Map<string, WeightRef>();
  private readonly kvLayers: KvLayer[] = [];
  private readonly convLayers: ConvLayer[] = [];
  /** Model layers that have an attention op (one each). */
  private readonly attentionLayers = new Set<number>();
  private readonly names = new Set<string>();
  private prefix = '';

  /** Names the values made until the next call `blk.<layer>.<name>` (undefined: no prefix). */
  layer(layer: number | undefined): void {
    this.prefix = layer === undefined ? '' : `blk.${layer}.`;
  }

  /** A weight the graph reads, `shape` in ggml order ([cols, rows] for a matrix). */
  weight(name: string, ...shape: number[]): WeightRef {
    const known = this.weights.get(name);
    if (known && known.shape.join(',') !== shape.join(','))
      throw new Error(`graph: weight ${name} used with shapes [${known.shape}] and [${shape}]`);
    const ref = known ?? { name, shape };
    this.weights.set(name, ref);
    return ref;
  }

  /** Rows [firstRow, firstRow + rows) of the stored matrix `tensor` of ggml shape [cols, allRows], read in place. */
  weightRows(tensor: string, shape: readonly [number, number], firstRow: number, rows: number): WeightRef {
    const [cols, allRows] = shape;
    if (!(Number.isInteger(firstRow) && firstRow >= 0 && rows > 0 && firstRow + rows <= allRows))
      throw new Error(`graph: rows [${firstRow}, ${firstRow + rows}) of ${tensor} [${shape}]`);
    const name = `${tensor}[${firstRow}:${firstRow + rows}]`;
    const ref = { ...this.weight(name, cols, rows), rowsOf: { tensor, shape, firstRow } };
    this.weights.set(name, ref);
    return ref;
  }

  /** Rows `ids` of the (vocab, width) table, times `scale` when given. */
  embed(table: WeightRef, name: string, scale?: number): Value {
    return this.push(
      (out) => ({ kind: 'embed', out, table, ...(scale !== undefined && { scale }) }),
      name,
      table.shape[0]!,
      'all',
    );
  }

  /** x / rms(x) * weight over groups of `groupSize` elements (the whole row, or each head). */
  rmsNorm(x: Value, weight: WeightRef, eps: number, name: string, groupSize = x.width): Value {
    if (weight.shape[0] !== groupSize || x.width % groupSize !== 0)
      throw new Error(
        `graph: ${name} norms groups of ${groupSize} of ${x.width} with weight [${weight.shape}]`,
      );
    return this.push((out) => ({ kind: 'rmsNorm', out, x, weight, eps, groupSize }), name, x.width, x.tokens);
  }

  /** x W^T (+ bias): W is (rows, cols) = ggml [cols, rows]. */
  matmul(weight: WeightRef, x: Value, name: string, bias?: WeightRef): Value {
    const [cols, rows] = weight.shape as [number, number];
    if (cols !== x.width)
      throw new Error(`graph: ${name} multiplies width ${x.width} by ${weight.name} [${weight.shape}]`);
    if (bias && bias.shape[0] !== rows)
      throw new Error(`graph: ${name} bias [${bias.shape}] for ${rows} rows`);
    return this.push(
      (out) => ({ kind: 'matmul', out, x, weight, ...(bias && { bias }) }),
      name,
      rows,
      x.tokens,
    );
  }

  /** Rotates each head of x at the token's position, pair i's angle divided by factors[i] when given. */
  rope(x: Value, rope: RopeConfig, name: string, factors?: WeightRef): Value {
    const heads = x.width / rope.headDim;
    if (!Number.isInteger(heads) || rope.nRot > rope.headDim || rope.nRot % 2 !== 0)
      throw new Error(`graph: ${name} ropes ${rope.nRot} of ${rope.headDim} over width ${x.width}`);
    if (factors && factors.shape.join(',') !== `${rope.nRot / 2}`)
      throw new Error(`graph: ${name} has ${factors.name} [${factors.shape}] for ${rope.nRot / 2} pairs`);
    return this.push(
      (out) => ({ kind: 'rope', out, x, heads, rope, ...(factors && { factors }) }),
      name,
      x.width,
      x.tokens,
    );
  }

  /** a + bScale * b: `bScale` weighs a block's output in its residual add. */
  add(a: Value, b: Value, name: string, bScale?: number): Value {
    if (a.width !== b.width || a.tokens !== b.tokens)
      throw new Error(`graph: ${name} adds ${a.name} and ${b.name}`);
    return this.push(
      (out) => ({ kind: 'add', out, a, b, ...(bScale !== undefined && { bScale }) }),
      name,
      a.width,
      a.tokens,
    );
  }

  scale(x: Value, scale: number, name: string): Value {
    return this.push((out) => ({ kind: 'scale', out, x, scale }), name, x.width, x.tokens);
  }

  swiglu(gate: Value, up: Value, name: string): Value {
    return this.gated('swiglu', gate, up, name);
  }

  geglu(gate: Value, up: Value, name: string): Value {
    return this.gated('geglu', gate, up, name);
  }

  private gated(kind: 'swiglu' | 'geglu', gate: Value, up: Value, name: string): Value {
    if (gate.width !== up.width) throw new Error(`graph: ${name} gates ${gate.name} with ${up.name}`);
    return this.push((out) => ({ kind, out, gate, up }), name, gate.width, gate.tokens);
  }

  /** cap * tanh(x / cap). */
  softcap(x: Value, cap: number, name: string): Value {
    if (!(cap > 0)) throw new Error(`graph: ${name} soft cap must be positive, got ${cap}`);
    return this.push((out) => ({ kind: 'softcap', out, x, cap }), name, x.width, x.tokens);
  }

  /**
   * Causal attention of model layer `layer` over its KV cache (its window, if any); k and v are written to it
   * first. The cache is the graph's next one: attention layers need not be every layer (LFM2).
   */
  attention(
    q: Value,
    k: Value,
    v: Value,
    layer: number,
    kv: KvLayer,
    name: string,
    options: AttentionOptions = {},
  ): Value {
    const nHead = q.width / kv.headDim;
    const kvWidth = kv.nHeadKv * kv.headDim;
    if (!Number.isInteger(nHead) || nHead % kv.nHeadKv !== 0 || k.width !== kvWidth || v.width !== kvWidth)
      throw new Error(
        `graph: ${name} q ${q.width}, k ${k.width}, v ${v.width} for ${kv.nHeadKv}x${kv.headDim} KV`,
      );
    if (this.attentionLayers.has(layer)) throw new Error(`graph: attention layer ${layer} used twice`);
    if (kv.window !== undefined && !(Number.isInteger(kv.window) && kv.window > 0))
      throw new Error(`graph: ${name} sliding window ${kv.window} is not a positive integer`);
    this.attentionLayers.add(layer);
    const cache = this.kvLayers.push(kv) - 1;
    return this.push(
      (out) => ({ kind: 'attention', out, q, k, v, layer: cache, nHead, kv, ...options }),
      name,
      q.width,
      q.tokens,
    );
  }

  /**
   * LFM2's short conv of in_proj's output `bcx` (B | C | x) with the [kernel, channels] taps `weight`, over the
   * graph's next conv state.
   */
  shortConv(bcx: Value, weight: WeightRef, name: string): Value {
    const [kernel, channels] = weight.shape as [number, number];
    if (weight.shape.length !== 2 || bcx.width !== 3 * channels || !(kernel >= 2))
      throw new Error(`graph: ${name} convolves width ${bcx.width} with ${weight.name} [${weight.shape}]`);
    const conv = { channels, kernel };
    const layer = this.convLayers.push(conv) - 1;
    return this.push(
      (out) => ({ kind: 'shortConv', out, bcx, weight, layer, conv }),
      name,
      channels,
      bcx.tokens,
    );
  }

  /** The step's last token's row: what follows runs for that token alone. */
  lastToken(x: Value, name: string): Value {
    return this.push((out) => ({ kind: 'lastToken', out, x }), name, x.width, 'last');
  }

  finish(logits: Value): ModelGraph {
    if (logits.tokens !== 'last') throw new Error('graph: logits must be computed for the last token');
    return {
      ops: this.ops,
      weights: [...this.weights.values()],
      kvLayers: this.kvLayers,
      convLayers: this.convLayers,
      logits,
    };
  }

  private push(make: (out: Value) => Op, name: string, width: number, tokens: Value['tokens']): Value {
    const fullName = this.prefix + name;
    if (this.names.has(fullName)) throw new Error(`graph: value ${fullName} defined twice`);
    this.names.add(fullName);
    const out: Value = { id: this.ops.length, name: fullName, width, tokens };
    this.ops.push(make(out));
    return out;
  }
}
