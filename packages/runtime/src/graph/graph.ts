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
  readonly name: string;
  readonly shape: readonly number[];
}

/** The KV cache geometry of one attention layer. */
export interface KvLayer {
  nHeadKv: number;
  headDim: number;
}

export type Op =
  | { kind: 'embed'; out: Value; table: WeightRef }
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
  | { kind: 'add'; out: Value; a: Value; b: Value }
  /** silu(gate) * up. */
  | { kind: 'swiglu'; out: Value; gate: Value; up: Value }
  /**
   * Causal attention of q (nHead heads) over the layer's KV cache after k and v (nHeadKv heads, already
   * roped) are written at the step's positions.
   */
  | { kind: 'attention'; out: Value; q: Value; k: Value; v: Value; layer: number; nHead: number; kv: KvLayer }
  /** The step's last token's row (the LM head runs on it alone). */
  | { kind: 'lastToken'; out: Value; x: Value };

export type OpKind = Op['kind'];

export interface ModelGraph {
  readonly ops: readonly Op[];
  /** Every weight the graph reads, each once, in first-use order. */
  readonly weights: readonly WeightRef[];
  /** KV cache geometry per attention layer index. */
  readonly kvLayers: readonly KvLayer[];
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
    case 'lastToken':
      return [op.x];
    case 'add':
      return [op.a, op.b];
    case 'swiglu':
      return [op.gate, op.up];
    case 'attention':
      return [op.q, op.k, op.v];
  }
}
