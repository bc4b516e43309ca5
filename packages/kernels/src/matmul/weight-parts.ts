// A weight larger than maxStorageBufferBindingSize is bound as several row ranges. Each part is one
// binding (a buffer range) holding whole rows; the kernel runs once per part.

export interface WeightPart {
  buffer: GPUBuffer;
  /** Start of the part in `buffer`, bytes (a multiple of minStorageBufferOffsetAlignment). */
  byteOffset: number;
  /** Rows held by this part. */
  rows: number;
}

/**
 * Row counts for parts of at most `maxBindingBytes` each, so that each part starts on an
 * `offsetAlignment` boundary when the parts are laid out back to back in one buffer.
 */
export function splitRows(
  rows: number,
  rowBytes: number,
  maxBindingBytes: number,
  offsetAlignment = 256,
): number[] {
  const rowStep = offsetAlignment / gcd(rowBytes, offsetAlignment); // rows per aligned step
  const rowsPerPart = Math.floor(maxBindingBytes / rowBytes / rowStep) * rowStep;
  if (rowsPerPart === 0) {
    throw new Error(`a binding of ${maxBindingBytes} bytes cannot hold ${rowStep} rows of ${rowBytes} bytes`);
  }
  const counts: number[] = [];
  for (let start = 0; start < rows; start += rowsPerPart) counts.push(Math.min(rowsPerPart, rows - start));
  return counts;
}

/** Parts laid out back to back in one buffer, by `splitRows` counts. */
export function partsInBuffer(
  buffer: GPUBuffer,
  rowCounts: readonly number[],
  rowBytes: number,
): WeightPart[] {
  let byteOffset = 0;
  return rowCounts.map((rows) => {
    const part = { buffer, byteOffset, rows };
    byteOffset += rows * rowBytes;
    return part;
  });
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** A part as a storage binding: storage bindings are whole words, and the part's last row may end mid-word. */
export function partBinding(part: WeightPart, bytesPerRow: number): GPUBufferBinding {
  const size = Math.min(Math.ceil((part.rows * bytesPerRow) / 4) * 4, part.buffer.size - part.byteOffset);
  return { buffer: part.buffer, offset: part.byteOffset, size };
}
