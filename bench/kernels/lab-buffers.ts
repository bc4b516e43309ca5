// Bench buffers: activations, and weights of real size built from a 64-row random tile repeated (making GBs
// of random blocks in JS is too slow), which also makes the CPU reference cheap: output row r equals tile
// row r % 64's, so the whole output is checked against 64 reference rows per token.
import {
  dequantizeWeightRef,
  matmulRef,
  randomWeightBytes,
  rowBytes,
  type WeightType,
} from '../../packages/kernels/src/index.ts';

export const TILE_ROWS = 64;

export interface TiledWeight {
  buffer: GPUBuffer; // (rows, row_bytes) GGUF blocks
  /** The TILE_ROWS distinct rows, (TILE_ROWS, cols) GGUF blocks. */
  tile: Uint8Array;
}

export interface LabBuffers {
  buffer(bytes: number): GPUBuffer;
  filled(data: ArrayBufferView): GPUBuffer;
  weightBuffer(type: WeightType, rows: number, cols: number): TiledWeight;
}

export function labBuffers(device: GPUDevice): LabBuffers {
  const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
  const buffer = (bytes: number) =>
    device.createBuffer({ size: Math.max(16, Math.ceil(bytes / 16) * 16), usage });
  return {
    buffer,
    filled(data) {
      const b = buffer(data.byteLength);
      device.queue.writeBuffer(b, 0, data.buffer, data.byteOffset, data.byteLength);
      return b;
    },
    weightBuffer(type, rows, cols) {
      const bytesPerRow = rowBytes(type, cols);
      const tile = randomWeightBytes(type, TILE_ROWS, cols, Math.random);
      const out = device.createBuffer({
        size: Math.ceil((rows * bytesPerRow) / 16) * 16,
        usage,
        mappedAtCreation: true,
      });
      const mapped = new Uint8Array(out.getMappedRange());
      for (let row = 0; row < rows; row += TILE_ROWS) {
        mapped.set(tile.subarray(0, Math.min(TILE_ROWS, rows - row) * bytesPerRow), row * bytesPerRow);
      }
      out.unmap();
      return { buffer: out, tile };
    },
  };
}

/** f64 reference of the tile's rows: (nTokens, TILE_ROWS). */
export function tileReference(
  type: WeightType,
  tile: Uint8Array,
  x: Float32Array,
  cols: number,
  nTokens: number,
): Float32Array {
  return matmulRef(dequantizeWeightRef(type, tile, TILE_ROWS, cols), x, TILE_ROWS, cols, nTokens);
}

/** Largest |y - reference| over the whole output, relative to the largest |reference|. */
export function relativeError(
  y: Float32Array,
  reference: Float32Array,
  rows: number,
  nTokens: number,
): number {
  let maxErr = 0;
  let maxRef = 0;
  for (let t = 0; t < nTokens; t++) {
    for (let r = 0; r < rows; r++) {
      const expected = reference[t * TILE_ROWS + (r % TILE_ROWS)]!;
      const got = y[t * rows + r]!;
      maxErr = Math.max(maxErr, Number.isFinite(got) ? Math.abs(got - expected) : Number.POSITIVE_INFINITY);
      maxRef = Math.max(maxRef, Math.abs(expected));
    }
  }
  return maxErr / maxRef;
}

/** Copies a storage buffer's first `count` f32 back. */
export async function readBack(device: GPUDevice, source: GPUBuffer, count: number): Promise<Float32Array> {
  const staging = device.createBuffer({
    size: count * 4,
    usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ,
  });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(source, 0, staging, 0, count * 4);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const out = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return out;
}
