// Test and bench data: random GGUF blocks written directly (random quant bytes, sane f16 scales), so the
// kernels can be checked on every bit pattern without going through a quantizer.
import { f32ToF16Bits } from '@wgllm/gguf';
import { rowBytes, type WeightType } from './weight-types.ts';

/** Byte offsets of the f16 scale fields inside one block, and the block size in bytes. */
const scaleFields: Partial<Record<WeightType, { blockBytes: number; offsets: number[] }>> = {
  Q8_0: { blockBytes: 34, offsets: [0] },
  Q4_0: { blockBytes: 18, offsets: [0] },
  Q4_1: { blockBytes: 20, offsets: [0, 2] },
  Q5_0: { blockBytes: 22, offsets: [0] },
  Q5_1: { blockBytes: 24, offsets: [0, 2] },
  Q4_K: { blockBytes: 144, offsets: [0, 2] },
  Q5_K: { blockBytes: 176, offsets: [0, 2] },
  Q6_K: { blockBytes: 210, offsets: [208] },
  IQ4_NL: { blockBytes: 18, offsets: [0] },
  Q2_K: { blockBytes: 84, offsets: [80, 82] },
  Q3_K: { blockBytes: 110, offsets: [108] },
};

/** Random bytes of a (rows, cols) weight in `type`'s layout. Floats are uniform in [-1, 1). */
export function randomWeightBytes(
  type: WeightType,
  rows: number,
  cols: number,
  random: () => number,
): Uint8Array {
  const bytes = new Uint8Array(rows * rowBytes(type, cols));
  const view = new DataView(bytes.buffer);
  const n = rows * cols;
  if (type === 'F32') {
    for (let i = 0; i < n; i++) view.setFloat32(i * 4, random() * 2 - 1, true);
    return bytes;
  }
  if (type === 'F16' || type === 'BF16') {
    for (let i = 0; i < n; i++) {
      const v = random() * 2 - 1;
      const bits =
        type === 'F16' ? f32ToF16Bits(v) : new Uint32Array(new Float32Array([v]).buffer)[0]! >>> 16;
      view.setUint16(i * 2, bits, true);
    }
    return bytes;
  }
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  const fields = scaleFields[type]!;
  for (let block = 0; block < bytes.length; block += fields.blockBytes) {
    // Scales of a few hundredths keep products of the largest quants (127 for Q8_0, 63 * 63 for K-quant
    // scale * q) near 1, like real weights.
    for (const offset of fields.offsets)
      view.setUint16(block + offset, f32ToF16Bits(0.002 + random() * 0.02), true);
  }
  return bytes;
}
