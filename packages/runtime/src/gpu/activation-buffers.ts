// Activation buffers for the lowered steps, made once per model and shared by every step plan: each value
// gets a buffer when a step defines it, and the buffer returns to a pool of its size after the value's last
// read, so a 30-layer model needs about as many buffers as one layer. Values written in place share their
// input's buffer.
import type { ModelGraph, Value } from '../graph/graph.ts';
import { type Step, stepValues } from './graph-lowering.ts';

export interface ActivationBuffers {
  /** Largest step (tokens) a buffer holds. */
  maxTokens: number;
  /** By value id: (maxTokens, width) f32, or (1, width) for values of the last token. */
  byValue: ReadonlyMap<number, GPUBuffer>;
  all: readonly GPUBuffer[];
}

export function valueBytes(value: Value, maxTokens: number): number {
  return (value.tokens === 'all' ? maxTokens : 1) * value.width * 4;
}

/**
 * `lastToken`'s input stays live through the LM head: a decode plan reads the head's input straight from it
 * (one token: the last row is the only row), with no copy.
 */
export function createActivationBuffers(
  device: GPUDevice,
  graph: ModelGraph,
  steps: readonly Step[],
  maxTokens: number,
): ActivationBuffers {
  const lastRead = new Map<number, number>();
  steps.forEach((step, i) => {
    for (const value of stepValues(step).reads) lastRead.set(value.id, i);
  });
  for (const step of steps) if (step.kind === 'lastToken') lastRead.set(step.op.x.id, steps.length);
  lastRead.set(graph.logits.id, steps.length);

  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST;
  const free = new Map<number, GPUBuffer[]>();
  const byValue = new Map<number, GPUBuffer>();
  const owner = new Map<GPUBuffer, Value>();
  const all: GPUBuffer[] = [];
  const take = (value: Value) => {
    const size = Math.max(4, valueBytes(value, maxTokens));
    const buffer = free.get(size)?.pop() ?? device.createBuffer({ label: `act ${all.length}`, size, usage });
    if (!all.includes(buffer)) all.push(buffer);
    return buffer;
  };
  const release = (value: Value, i: number) => {
    const buffer = byValue.get(value.id)!;
    if (owner.get(buffer) !== value || (lastRead.get(value.id) ?? i) > i) return;
    owner.delete(buffer);
    free.set(buffer.size, [...(free.get(buffer.size) ?? []), buffer]);
  };

  steps.forEach((step, i) => {
    const { reads, defines, inPlace } = stepValues(step);
    for (const [value, input] of inPlace) {
      if ((lastRead.get(input.id) ?? i) > i)
        throw new Error(`GPU executor: ${value.name} is written over ${input.name}, which is read later`);
      const buffer = byValue.get(input.id)!;
      byValue.set(value.id, buffer);
      owner.set(buffer, value);
    }
    for (const value of defines) {
      const buffer = take(value);
      byValue.set(value.id, buffer);
      owner.set(buffer, value);
    }
    // After the step's own buffers are taken: a read buffer is never also the step's output.
    for (const value of [...reads, ...defines, ...inPlace.map(([v]) => v)]) release(value, i);
  });
  return { maxTokens, byValue, all };
}
