// The row ranges a graph reads of a stored tensor (phi3's fused attn_qkv, its gate|up ffn_up) as GPU tensors of
// their own. A range is the stored parts' rows in place when each piece starts on a storage-offset boundary
// (always so for real checkpoints: their ranges are multiples of 256 rows); otherwise its rows are copied into
// a buffer of its own.
import { rowBytes, type WeightPart } from '@wgllm/kernels';
import { UnsupportedModelError } from '../errors.ts';
import type { WeightRef } from '../graph/graph.ts';
import type { GpuTensor, GpuWeights } from './gpu-weights.ts';

/** Adds a tensor under each row-range weight's name (those the gate-up fusion did not already serve too). */
export function addRowRanges(device: GPUDevice, weights: GpuWeights, refs: readonly WeightRef[]): void {
  const alignment = device.limits.minStorageBufferOffsetAlignment;
  for (const ref of refs) {
    if (!ref.rowsOf || weights.tensors.has(ref.name)) continue;
    const stored = weights.tensors.get(ref.rowsOf.tensor)!;
    const bytesPerRow = rowBytes(stored.type, stored.shape[0]!);
    const parts = partsOfRows(stored.parts, ref.rowsOf.firstRow, ref.shape[1]!, bytesPerRow);
    const inPlace = parts.every((p) => p.byteOffset % alignment === 0);
    const tensor: GpuTensor = { name: ref.name, type: stored.type, shape: ref.shape, parts };
    weights.tensors.set(ref.name, inPlace ? tensor : copied(device, weights, tensor, bytesPerRow));
  }
}

/** The pieces of `parts` (consecutive row ranges) that hold rows [first, first + count). */
function partsOfRows(parts: readonly WeightPart[], first: number, count: number, bytesPerRow: number) {
  const out: WeightPart[] = [];
  let partStart = 0;
  for (const part of parts) {
    const from = Math.max(first, partStart);
    const to = Math.min(first + count, partStart + part.rows);
    if (from < to) {
      const byteOffset = part.byteOffset + (from - partStart) * bytesPerRow;
      out.push({ buffer: part.buffer, byteOffset, rows: to - from });
    }
    partStart += part.rows;
  }
  return out;
}

/** The range's rows copied into one buffer (a part each, as uploaded: the pieces already fit one binding). */
function copied(device: GPUDevice, weights: GpuWeights, t: GpuTensor, bytesPerRow: number): GpuTensor {
  const sizes = t.parts.map((p) => p.rows * bytesPerRow);
  if (t.parts.some((p, i) => p.byteOffset % 4 !== 0 || sizes[i]! % 4 !== 0))
    throw new UnsupportedModelError(`row range ${t.name} does not start or end on a 4-byte boundary`, t.name);
  const alignment = device.limits.minStorageBufferOffsetAlignment;
  const offsets: number[] = [];
  let size = 0;
  for (const bytes of sizes) {
    offsets.push(size);
    size = Math.ceil((size + bytes) / alignment) * alignment;
  }
  const buffer = device.createBuffer({
    label: t.name,
    size,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder({ label: `copy ${t.name}` });
  t.parts.forEach((p, i) => {
    encoder.copyBufferToBuffer(p.buffer, p.byteOffset, buffer, offsets[i]!, sizes[i]!);
  });
  device.queue.submit([encoder.finish()]);
  weights.buffers.push(buffer);
  weights.bytes += size;
  const parts = t.parts.map((p, i) => ({ buffer, byteOffset: offsets[i]!, rows: p.rows }));
  return { ...t, parts };
}
