// Puts each FFN's gate and up weights into one binding, gate rows then up rows, so a step runs them as one
// fused gate-up-SwiGLU matmul (one dispatch instead of gate, up and SwiGLU). Copied on the GPU one pair at a
// time, so the extra memory is one layer's gate and up at most; pairs that do not fit stay unfused. A file
// that stores them fused (phi3's ffn_up, gate rows then up rows) is bound as it is.
import { rowBytes } from '@wgllm/kernels';
import type { WeightRef } from '../graph/graph.ts';
import type { GpuWeights } from './gpu-weights.ts';

/** The fused tensor's key among the uploaded weights (not a GGUF name), by its gate half. */
export function gateUpName(gate: WeightRef): string {
  return `${gate.name}+up`;
}

/** Whether gate and up are the two halves, in that order, of one stored tensor. */
function storedGateUp(gate: WeightRef, up: WeightRef): boolean {
  const [g, u] = [gate.rowsOf, up.rowsOf];
  const rows = gate.shape[1]!;
  return (
    g !== undefined &&
    u !== undefined &&
    g.tensor === u.tensor &&
    g.firstRow === 0 &&
    u.firstRow === rows &&
    up.shape[1] === rows &&
    g.shape[1] === 2 * rows
  );
}

/** Fuses each [gate, up] pair it can; the graph lowering then finds the fused ones by gateUpName. */
export function fuseGateUp(
  device: GPUDevice,
  weights: GpuWeights,
  pairs: readonly (readonly [gate: WeightRef, up: WeightRef])[],
): void {
  for (const [gateRef, upRef] of pairs) {
    const stored = storedGateUp(gateRef, upRef) && weights.tensors.get(gateRef.rowsOf!.tensor);
    if (stored && stored.parts.length === 1) {
      weights.tensors.set(gateUpName(gateRef), stored); // already gate rows then up rows (phi3's ffn_up)
      continue;
    }
    const gate = weights.tensors.get(gateRef.name);
    const up = weights.tensors.get(upRef.name);
    if (!gate || !up) continue; // one of them already fused (a weight shared by two pairs)
    const [gatePart, upPart] = [gate.parts[0]!, up.parts[0]!];
    if (gate.type !== up.type || gate.parts.length !== 1 || up.parts.length !== 1) continue;
    const bytes = rowBytes(gate.type, gate.shape[0]!) * gatePart.rows;
    // Copies move whole words; one binding must hold both halves.
    if (bytes % 4 !== 0 || 2 * bytes > device.limits.maxStorageBufferBindingSize) continue;
    const name = gateUpName(gateRef);
    const buffer = device.createBuffer({
      label: name,
      size: 2 * bytes,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
    });
    const encoder = device.createCommandEncoder({ label: `fuse ${name}` });
    encoder.copyBufferToBuffer(gatePart.buffer, gatePart.byteOffset, buffer, 0, bytes);
    encoder.copyBufferToBuffer(upPart.buffer, upPart.byteOffset, buffer, bytes, bytes);
    device.queue.submit([encoder.finish()]);
    // Each tensor was uploaded into buffers of its own; destroyed buffers live until the copy has run.
    for (const retired of [gatePart.buffer, upPart.buffer]) {
      retired.destroy();
      weights.buffers.splice(weights.buffers.indexOf(retired), 1);
    }
    weights.tensors.delete(gate.name);
    weights.tensors.delete(up.name);
    weights.buffers.push(buffer);
    weights.tensors.set(name, {
      name,
      type: gate.type,
      shape: [gate.shape[0]!, 2 * gatePart.rows],
      parts: [{ buffer, byteOffset: 0, rows: 2 * gatePart.rows }],
    });
  }
}
