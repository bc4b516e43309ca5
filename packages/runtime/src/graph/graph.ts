// A model's forward pass as data: the ops of one step, in order, over named values. A family's graph file
// (families/<arch>.ts) builds it once per model from its config, as llama.cpp's src/models/<arch>.cpp build
// ggml graphs; the GPU executor (gpu/step-plan.ts) lowers it to prepared kernels and the CPU reference
// (cpu/forward-cpu.ts) runs it with the kernels' own reference functions.
import type { RopeConfig } from '@wgllm/kernels';

/**
 * One activation of a step: `width` f32 per token (a token's row). `tokens: 'last'` marks values computed
 * for the step's last token only (the LM head), after `lastToken`.
 */
export interface Value {
  readonly id: number;
  /** Unique name, llama.cpp style ("blk.3.attn_out"): what debug taps ask for. */
  readonly name: string;
  readonly width: number;
  readonly tokens: 'all' | 'last';
}

/** A weight tensor the graph reads, with the ggml shape it must have (ne[0] first: [cols, rows]). */
export interface WeightRef {
  /** The tensor's GGUF name; for a row range, `<tensor>[first:end]` (the graph's key for it). */
  readonly name: string;
  readonly shape: readonly number[];
  /**
   * A range of a stored tensor's rows, read in place (phi3's fused attn_qkv is Q, K and V rows; its ffn_up is
   * gate rows then up rows): the tensor, its whole shape and the first row.
   */
  readonly rowsOf?: { readonly tensor: string; readonly shape: readonly number[]; readonly firstRow: number };
}

/** The stored tensor a weight reads (its own, or the one it is a row range of) and that tensor's shape. */
export function storedTensor(w: WeightRef): { name: string; shape: readonly number[] } {
  return w.rowsOf ? { name: w.rowsOf.tensor, shape: w.rowsOf.shape } : w;
}

/** The KV cache geometry of one attention layer. */
export interface KvLayer {
  nHeadKv: number;
  headDim: number;
  /** Sliding window: a token sees its last `window` positions (llama.cpp's n_swa); absent, all before it. */
  window?: number;
}

/**
 * The recurrent state of one short-conv layer (LFM2): the last `kernel - 1` conv inputs of each channel, kept
 * per sequence beside the KV cache. Unlike a KV cache it holds no position but the latest: it cannot be rewound.
 */
export interface ConvLayer {
  /** Channels (elements per token). */
  channels: number;
  /** Taps of the causal conv (LFM2's shortconv.l_cache); the state keeps kernel - 1 inputs. */
  kernel: number;
}

/** f32 elements of a conv layer's state: (kernel - 1, channels). */
export function convStateLength(conv: ConvLayer): number {
  return (conv.kernel - 1) * conv.channels;
}

/**
 * Cache slots a layer needs (positions): the whole context, or for a windowed layer the window plus the
 * largest step, as a ring (position p at slot p % slots) that still holds every position a step's queries see.
 */
export function kvSlots(kv: KvLayer, contextLength: number, maxStepTokens: number): number {
  return kv.window === undefined ? contextLength : Math.min(contextLength, kv.window + maxStepTokens);
}

export type Op =
  /** Rows of the table, times `scale` when given (Gemma scales by sqrt(n_embd)). */
  | { kind: 'embed'; out: Value; table: WeightRef; scale?: number }
  | {
      kind: 'rmsNorm';
      out: Value;
      x: Value;
      weight: WeightRef;
      eps: number;
      /** Elements normalized together: the width, or a head's size for per-head norms. */
      groupSize: number;
    }
  | { kind: 'matmul'; out: Value; x: Value; weight: WeightRef; bias?: WeightRef }
  /** `factors`: (nRot / 2) per-pair frequency factors dividing the angles (llama 3 rope_freqs, LongRoPE). */
  | { kind: 'rope'; out: Value; x: Value; heads: number; rope: RopeConfig; factors?: WeightRef }
  /** a + bScale * b (bScale: a block output's residual multiplier, Granite's; default 1). */
  | { kind: 'add'; out: Value; a: Value; b: Value; bScale?: number }
  /** scale * x (Granite's logits divided by logit_scale). */
  | { kind: 'scale'; out: Value; x: Value; scale: number }
  /** silu(gate) * up. */
  | { kind: 'swiglu'; out: Value; gate: Value; up: Value }
  /** gelu(gate) * up, GELU in its tanh approximation (ggml_gelu). */
  | { kind: 'geglu'; out: Value; gate: Value; up: Value }
  /** cap * tanh(x / cap) (Gemma's final-logit soft-capping). */
  | { kind: 'softcap'; out: Value; x: Value; cap: number }
  /**
   * LFM2's short conv: bcx is in_proj's B | C | x (3 x channels), out = C * causal_conv(B * x) over the conv
   * state of conv layer `layer` (then the step's tokens), the state left at the step's last token. `weight`:
   * [kernel, channels], taps oldest first.
   */
  | { kind: 'shortConv'; out: Value; bcx: Value; weight: WeightRef; layer: number; conv: ConvLayer }
  /**
   * Causal attention of q (nHead heads) over the layer's KV cache after k and v (nHeadKv heads, already
   * roped) are written at the step's positions.
   */
  | {
      kind: 'attention';
      out: Value;
      q: Value;
      k: Value;
      v: Value;
      /** KV cache index: the graph's n-th attention op (a hybrid model's layers mix in conv ones). */
      layer: number;
      nHead: number;
      kv: KvLayer;
      /** Softmax scale; default 1 / sqrt(headDim). */
      scale?: number;
      /** Attention-logit soft cap: scores become softcap * tanh(score / softcap). */
      softcap?: number;
    }
  /** The step's last token's row (the LM head runs on it alone). */
  | { kind: 'lastToken'; out: Value; x: Value };

export type OpKind = Op['kind'];

export interface ModelGraph {
  readonly ops: readonly Op[];
  /** Every weight the graph reads, each once, in first-use order. */
  readonly weights: readonly WeightRef[];
  /** KV cache geometry per attention op (its `layer`, the KV cache index). */
  readonly kvLayers: readonly KvLayer[];
  /** Recurrent state geometry per short-conv op (its `layer`, the state index); empty for transformers. */
  readonly convLayers: readonly ConvLayer[];
  /** (vocab) for the last token. */
  readonly logits: Value;
}

/** Which ops read each value (by value id): the executors' fusion and liveness decisions use it. */
export function consumers(graph: ModelGraph): Map<number, Op[]> {
  const byValue = new Map<number, Op[]>();
  for (const op of graph.ops) {
    for (const input of opInputs(op)) {
      const list = byValue.get(input.id) ?? [];
      list.push(op);
      byValue.set(input.id, list);
    }
  }
  return byValue;
}

export function opInputs(op: Op): Value[] {
  switch (op.kind) {
    case 'embed':
      return [];
    case 'rmsNorm':
    case 'matmul':
    case 'rope':
    case 'softcap':
    case 'scale':
    case 'lastToken':
      return [op.x];
    case 'shortConv':
      return [op.bcx];
    case 'add':
      return [op.a, op.b];
    case 'swiglu':
    case 'geglu':
      return [op.gate, op.up];
    case 'attention':
      return [op.q, op.k, op.v];
  }
}
