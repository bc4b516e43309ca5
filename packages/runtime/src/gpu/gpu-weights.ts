// Uploads a model's tensors to the GPU straight from a GGUF source, tensor by tensor as the bytes stream in
// (no second copy of the whole file). A tensor is kept in its GGUF block layout and cut into row ranges
// that each fit one storage binding; ranges are packed into buffers of at most maxBufferSize.
import {
  GgmlType,
  type GgufHeader,
  type GgufSource,
  type GgufTensorInfo,
  type ProgressCallback,
  readTensors,
} from '@wgllm/gguf';
import {
  isWeightType,
  partsInBuffer,
  rowBytes,
  splitRows,
  type WeightPart,
  type WeightType,
} from '@wgllm/kernels';
import { UnsupportedModelError } from '../errors.ts';

export interface GpuTensor {
  name: string;
  type: WeightType;
  /** ggml order: [cols, rows, ...]. */
  shape: readonly number[];
  /** Row ranges in order, each one whole binding. */
  parts: WeightPart[];
}

export interface GpuWeights {
  tensors: Map<string, GpuTensor>;
  /** Every buffer holding weights (to destroy them with the model). */
  buffers: GPUBuffer[];
  /** Bytes uploaded. */
  bytes: number;
}

/** The weight types the GPU kernels read, as ggml type ids. */
export function gpuWeightType(type: GgmlType, tensorName: string): WeightType {
  const name = GgmlType[type];
  if (name === undefined || !isWeightType(name)) {
    throw new UnsupportedModelError(
      `tensor ${tensorName} has type ${name ?? type}, not supported on the GPU`,
      name ?? `${type}`,
    );
  }
  return name;
}

const align4 = (bytes: number) => Math.ceil(bytes / 4) * 4;

/**
 * queue.writeBuffer needs a multiple of 4 bytes: the whole-word prefix goes as a view of the source, the last
 * 1-3 bytes in a padded word. (writeBuffer rather than mappedAtCreation: Dawn's Node binding has crashed when
 * the detached mapped ArrayBuffers are garbage-collected.)
 */
function writeBytes(device: GPUDevice, buffer: GPUBuffer, bytes: Uint8Array<ArrayBuffer>): void {
  const whole = bytes.length & ~3;
  if (whole > 0) device.queue.writeBuffer(buffer, 0, bytes, 0, whole);
  if (whole < bytes.length) {
    const tail = new Uint8Array(4);
    tail.set(bytes.subarray(whole));
    device.queue.writeBuffer(buffer, whole, tail);
  }
}

/**
 * Groups consecutive row ranges into buffers of at most `maxBufferBytes`, laid back to back (splitRows makes
 * every range but the last a multiple of the offset alignment, so each range starts aligned).
 */
function groupIntoBuffers(
  rowCounts: readonly number[],
  bytesPerRow: number,
  maxBufferBytes: number,
): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let used = 0;
  for (const rows of rowCounts) {
    if (current.length > 0 && align4(used + rows * bytesPerRow) > maxBufferBytes) {
      groups.push(current);
      current = [];
      used = 0;
    }
    current.push(rows);
    used += rows * bytesPerRow;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Creates `tensor`'s buffers as the kernels bind them (row ranges that each fit one binding, packed into
 * buffers of at most maxBufferSize) and adds it to `weights`; writes `data` into them when given (the memory
 * estimate lays the weights out on a sizing device without any data).
 */
export function addTensor(
  device: GPUDevice,
  weights: GpuWeights,
  tensor: GgufTensorInfo,
  data?: Uint8Array<ArrayBuffer>,
): void {
  const type = gpuWeightType(tensor.type, tensor.name);
  const cols = tensor.shape[0]!;
  const rows = tensor.shape.slice(1).reduce((a, b) => a * b, 1);
  const bytesPerRow = rowBytes(type, cols);
  const { maxStorageBufferBindingSize, minStorageBufferOffsetAlignment, maxBufferSize } = device.limits;
  const parts: WeightPart[] = [];
  const rowCounts = splitRows(
    rows,
    bytesPerRow,
    maxStorageBufferBindingSize,
    minStorageBufferOffsetAlignment,
  );
  let byteInTensor = 0;
  for (const group of groupIntoBuffers(rowCounts, bytesPerRow, maxBufferSize)) {
    const groupBytes = group.reduce((sum, r) => sum + r * bytesPerRow, 0);
    const buffer = device.createBuffer({
      label: tensor.name,
      size: align4(groupBytes),
      // COPY_SRC: fuseGateUp copies gate and up into one binding.
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    });
    if (data) writeBytes(device, buffer, data.subarray(byteInTensor, byteInTensor + groupBytes));
    weights.buffers.push(buffer);
    parts.push(...partsInBuffer(buffer, group, bytesPerRow));
    byteInTensor += groupBytes;
    weights.bytes += buffer.size;
  }
  weights.tensors.set(tensor.name, { name: tensor.name, type, shape: tensor.shape, parts });
}

export async function uploadWeights(
  device: GPUDevice,
  source: GgufSource,
  header: GgufHeader,
  needed: ReadonlySet<string>,
  onProgress?: ProgressCallback,
): Promise<GpuWeights> {
  const weights: GpuWeights = { tensors: new Map(), buffers: [], bytes: 0 };
  for await (const { tensor, data } of readTensors(source, header, onProgress)) {
    // Sources read into plain ArrayBuffers (never shared memory), as writeBuffer's typing asks.
    if (needed.has(tensor.name)) addTensor(device, weights, tensor, data as Uint8Array<ArrayBuffer>);
  }
  for (const name of needed) {
    if (!weights.tensors.has(name)) throw new UnsupportedModelError(`tensor ${name} is missing`, name);
  }
  return weights;
}
