// Lowers a model graph to the GPU's steps, fusing where a kernel does two ops in one pass over memory:
//   add + rmsNorm of the sum  -> rmsnorm with residual (the sum is written over the residual's buffer; a scaled
//                                operand can only be the one added in, so the other must die at the add),
//   rope of k feeding attention -> RoPE inside the KV write (rotated k never stored as an activation),
//   swiglu(matmul gate, matmul up) on one x -> one gate-up-SwiGLU matmul over weights fused at load.
// Each step says what it reads, what it defines and what it writes in place, for buffer assignment.
import type { ModelGraph, Op, Value, WeightRef } from '../graph/graph.ts';
import { consumers } from '../graph/graph.ts';

type OpOf<K extends Op['kind']> = Extract<Op, { kind: K }>;

export type Step =
  | { kind: 'embed'; op: OpOf<'embed'> }
  /** With `residual`: the add before it runs inside (sum = into + otherScale * other, over `into`'s buffer). */
  | {
      kind: 'rmsNorm';
      op: OpOf<'rmsNorm'>;
      residual?: { sum: Value; into: Value; other: Value; otherScale?: number };
    }
  | { kind: 'matmul'; op: OpOf<'matmul'> }
  | { kind: 'gateUp'; op: OpOf<'swiglu'>; gate: OpOf<'matmul'>; up: OpOf<'matmul'> }
  | { kind: 'rope'; op: OpOf<'rope'> }
  | { kind: 'add'; op: OpOf<'add'> }
  | { kind: 'swiglu'; op: OpOf<'swiglu'> }
  | { kind: 'geglu'; op: OpOf<'geglu'> }
  /** In place over its input. */
  | { kind: 'softcap'; op: OpOf<'softcap'> }
  /** In place over its input. */
  | { kind: 'scale'; op: OpOf<'scale'> }
  /** With `kRope`: k is the rope's input, rotated while the KV write stores it. */
  | { kind: 'attention'; op: OpOf<'attention'>; kRope?: OpOf<'rope'> }
  | { kind: 'lastToken'; op: OpOf<'lastToken'> }
  /** Reads and updates its sequence's conv state. */
  | { kind: 'shortConv'; op: OpOf<'shortConv'> };

export interface StepValues {
  reads: Value[];
  /** Values the step writes into buffers of their own. */
  defines: Value[];
  /** [value, input]: the step writes `value` over `input`'s buffer (`input` must not be read afterwards). */
  inPlace: [Value, Value][];
}

export function stepValues(step: Step): StepValues {
  const none: [Value, Value][] = [];
  switch (step.kind) {
    case 'embed':
      return { reads: [], defines: [step.op.out], inPlace: none };
    case 'rmsNorm': {
      const r = step.residual;
      if (!r) return { reads: [step.op.x], defines: [step.op.out], inPlace: none };
      return { reads: [r.into, r.other], defines: [step.op.out], inPlace: [[r.sum, r.into]] };
    }
    case 'matmul':
    case 'lastToken':
      return { reads: [step.op.x], defines: [step.op.out], inPlace: none };
    case 'shortConv':
      return { reads: [step.op.bcx], defines: [step.op.out], inPlace: none };
    case 'gateUp':
      return { reads: [step.gate.x], defines: [step.op.out], inPlace: none };
    case 'rope':
    case 'softcap':
    case 'scale':
      return { reads: [step.op.x], defines: [], inPlace: [[step.op.out, step.op.x]] };
    case 'add':
      return { reads: [step.op.a, step.op.b], defines: [step.op.out], inPlace: none };
    case 'swiglu':
    case 'geglu':
      return { reads: [step.op.gate, step.op.up], defines: [step.op.out], inPlace: none };
    case 'attention': {
      const k = step.kRope ? step.kRope.x : step.op.k;
      return { reads: [step.op.q, k, step.op.v], defines: [step.op.out], inPlace: none };
    }
  }
}

/** `fusedGateUp(gate, up)`: whether the two weights were fused into one binding at load. */
export function lowerGraph(
  graph: ModelGraph,
  fusedGateUp: (gate: WeightRef, up: WeightRef) => boolean,
): Step[] {
  const users = consumers(graph);
  const index = new Map(graph.ops.map((op, i) => [op, i]));
  const lastUse = (v: Value) => Math.max(-1, ...(users.get(v.id) ?? []).map((op) => index.get(op)!));
  const producer = new Map(graph.ops.map((op) => [op.out.id, op]));
  const only = (v: Value): Op | undefined => {
    const list = users.get(v.id) ?? [];
    return list.length === 1 ? list[0] : undefined;
  };
  const skipped = new Set<Op>();
  const steps: Step[] = [];

  const gateUpOf = (op: OpOf<'swiglu'>) => {
    const gate = producer.get(op.gate.id);
    const up = producer.get(op.up.id);
    if (gate?.kind !== 'matmul' || up?.kind !== 'matmul' || gate.x.id !== up.x.id) return undefined;
    if (gate.bias || up.bias || only(op.gate) !== op || only(op.up) !== op) return undefined;
    return fusedGateUp(gate.weight, up.weight) ? { gate, up } : undefined;
  };
  for (const op of graph.ops) {
    if (op.kind !== 'swiglu') continue;
    const pair = gateUpOf(op);
    if (pair) skipped.add(pair.gate).add(pair.up);
  }

  graph.ops.forEach((op, i) => {
    if (skipped.has(op)) return;
    switch (op.kind) {
      case 'add': {
        const norm = (users.get(op.out.id) ?? []).find(
          (u): u is OpOf<'rmsNorm'> => u.kind === 'rmsNorm' && u.groupSize === op.out.width,
        );
        // The sum overwrites whichever operand nothing reads later; a scaled b can only be the one added in.
        const bInto = op.bScale === undefined && lastUse(op.b) === i;
        const into = lastUse(op.a) === i ? op.a : bInto ? op.b : undefined;
        if (norm && into) {
          const other = into === op.a ? op.b : op.a;
          const residual = {
            sum: op.out,
            into,
            other,
            ...(op.bScale !== undefined && { otherScale: op.bScale }),
          };
          steps.push({ kind: 'rmsNorm', op: norm, residual });
          skipped.add(norm);
          return;
        }
        steps.push({ kind: 'add', op });
        return;
      }
      case 'rope': {
        const user = only(op.out);
        if (user?.kind === 'attention' && user.k.id === op.out.id) return; // rotated in the KV write
        steps.push({ kind: 'rope', op });
        return;
      }
      case 'attention': {
        const kRope = producer.get(op.k.id);
        const fused = kRope?.kind === 'rope' && only(op.k) === op;
        steps.push(fused ? { kind: 'attention', op, kRope } : { kind: 'attention', op });
        return;
      }
      case 'swiglu': {
        const pair = gateUpOf(op);
        steps.push(pair ? { kind: 'gateUp', op, ...pair } : { kind: 'swiglu', op });
        return;
      }
      case 'embed':
        steps.push({ kind: 'embed', op });
        return;
      case 'geglu':
        steps.push({ kind: 'geglu', op });
        return;
      case 'softcap':
        steps.push({ kind: 'softcap', op });
        return;
      case 'scale':
        steps.push({ kind: 'scale', op });
        return;
      case 'rmsNorm':
        steps.push({ kind: 'rmsNorm', op });
        return;
      case 'matmul':
        steps.push({ kind: 'matmul', op });
        return;
      case 'lastToken':
        steps.push({ kind: 'lastToken', op });
        return;
      case 'shortConv':
        steps.push({ kind: 'shortConv', op });
        return;
    }
  });
  return steps;
}

/** The matmul pairs a gate-up fusion would serve: fuse their weights at load, then lower with them fused. */
export function gateUpCandidates(graph: ModelGraph): [gate: WeightRef, up: WeightRef][] {
  const pairs: [WeightRef, WeightRef][] = [];
  lowerGraph(graph, (gate, up) => {
    pairs.push([gate, up]);
    return false;
  });
  return pairs;
}
