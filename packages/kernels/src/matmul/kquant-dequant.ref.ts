// CPU dequantization of the K-quant types, transcribed from ggml's dequantize_row_q{4,5,6}_K.
// The other types use @wgllm/gguf's dequantize; these are here until it covers K-quants too.
import { f16BitsToF32 } from '@wgllm/gguf';

function f16(data: Uint8Array, offset: number): number {
  return f16BitsToF32(data[offset]! | (data[offset + 1]! << 8));
}

/** 6-bit (scale, min) of sub-block j from the 12 packed bytes at `q` (ggml's get_scale_min_k4). */
function scaleMinK4(j: number, data: Uint8Array, q: number): [number, number] {
  if (j < 4) return [data[q + j]! & 63, data[q + j + 4]! & 63];
  return [
    (data[q + j + 4]! & 0xf) | ((data[q + j - 4]! >> 6) << 4),
    (data[q + j + 4]! >> 4) | ((data[q + j]! >> 6) << 4),
  ];
}

export function dequantizeQ4K(data: Uint8Array, elements: number): Float32Array {
  const out = new Float32Array(elements);
  for (let block = 0; block < elements / 256; block++) {
    const b = block * 144;
    const d = f16(data, b);
    const dmin = f16(data, b + 2);
    for (let s = 0; s < 8; s++) {
      const [sc, m] = scaleMinK4(s, data, b + 4);
      for (let l = 0; l < 32; l++) {
        const byte = data[b + 16 + (s >> 1) * 32 + l]!;
        const q = s & 1 ? byte >> 4 : byte & 0xf;
        out[block * 256 + s * 32 + l] = d * sc * q - dmin * m;
      }
    }
  }
  return out;
}

export function dequantizeQ5K(data: Uint8Array, elements: number): Float32Array {
  const out = new Float32Array(elements);
  for (let block = 0; block < elements / 256; block++) {
    const b = block * 176;
    const d = f16(data, b);
    const dmin = f16(data, b + 2);
    for (let s = 0; s < 8; s++) {
      const [sc, m] = scaleMinK4(s, data, b + 4);
      for (let l = 0; l < 32; l++) {
        const byte = data[b + 48 + (s >> 1) * 32 + l]!;
        const q = (s & 1 ? byte >> 4 : byte & 0xf) + ((data[b + 16 + l]! >> s) & 1) * 16;
        out[block * 256 + s * 32 + l] = d * sc * q - dmin * m;
      }
    }
  }
  return out;
}

export function dequantizeQ6K(data: Uint8Array, elements: number): Float32Array {
  const out = new Float32Array(elements);
  for (let block = 0; block < elements / 256; block++) {
    const b = block * 210;
    const d = f16(data, b + 208);
    for (let n = 0; n < 2; n++) {
      const ql = b + n * 64;
      const qh = b + 128 + n * 32;
      const sc = b + 192 + n * 8;
      for (let l = 0; l < 32; l++) {
        const is = l >> 4;
        const h = data[qh + l]!;
        const q1 = ((data[ql + l]! & 0xf) | ((h & 3) << 4)) - 32;
        const q2 = ((data[ql + l + 32]! & 0xf) | (((h >> 2) & 3) << 4)) - 32;
        const q3 = ((data[ql + l]! >> 4) | (((h >> 4) & 3) << 4)) - 32;
        const q4 = ((data[ql + l + 32]! >> 4) | (((h >> 6) & 3) << 4)) - 32;
        const scale = (i: number) => ((data[sc + is + i]! << 24) >> 24) * d;
        const y = block * 256 + n * 128 + l;
        out[y] = scale(0) * q1;
        out[y + 32] = scale(2) * q2;
        out[y + 64] = scale(4) * q3;
        out[y + 96] = scale(6) * q4;
      }
    }
  }
  return out;
}
