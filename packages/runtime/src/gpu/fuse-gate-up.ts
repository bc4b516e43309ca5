// Puts each layer's FFN gate and up weights into one binding, gate rows then up rows, so a step runs them as
// one fused gate-up-SwiGLU matmul (one dispatch instead of gate, up and SwiGLU). Copied on the GPU one layer at
// a time, so the extra memory is one layer's gate and up at most; layers that do not fit stay unfused.
import { rowBytes } from '@wgllm/kernels';
import type { LayerTensorSpecs } from '../model/tensors.ts';
import type { GpuWeights } from './gpu-weights.ts';

/** The fused tensor's key among the uploaded weights (not a GGUF name). */
export function gateUpName(layer: LayerTensorSpecs): string {
  return layer.ffnGate.name.replace('ffn_gate.weight', 'ffn_gate_up');
}

export function fuseGateUp(
  device: GPUDevice,
  weights: GpuWeights,
  layers: readonly LayerTensorSpecs[],
): void {
  for (const layer of layers) {
    const gate = weights.tensors.get(layer.ffnGate.name)!;
    const up = weights.tensors.get(layer.ffnUp.name)!;
    const [gatePart, upPart] = [gate.parts[0]!, up.parts[0]!];
    if (gate.type !== up.type || gate.parts.length !== 1 || up.parts.length !== 1) continue;
    const bytes = rowBytes(gate.type, gate.shape[0]!) * gatePart.rows;
    // Copies move whole words; one binding must hold both halves.
    if (bytes % 4 !== 0 || 2 * bytes > device.limits.maxStorageBufferBindingSize) continue;
    const name = gateUpName(layer);
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
