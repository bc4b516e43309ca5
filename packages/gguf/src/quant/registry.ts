// Which ggml types we convert, and the functions that do it.

import { dequantizeBf16, quantizeBf16 } from './bf16.ts';
import { dequantizeF16, quantizeF16 } from './f16.ts';
import { dequantizeF32, quantizeF32 } from './f32.ts';
import { GgmlType } from './ggml-types.ts';
import { dequantizeIq4Nl, quantizeIq4Nl, quantizeIq4NlSearched } from './iq4_nl.ts';
import { dequantizeQ2K, quantizeQ2K } from './k-quants/q2_k.ts';
import { dequantizeQ3K, quantizeQ3K } from './k-quants/q3_k.ts';
import { dequantizeQ4K, quantizeQ4K } from './k-quants/q4_k.ts';
import { dequantizeQ5K, quantizeQ5K } from './k-quants/q5_k.ts';
import { dequantizeQ6K, quantizeQ6K } from './k-quants/q6_k.ts';
import { dequantizeQ4_0, quantizeQ4_0 } from './q4_0.ts';
import { dequantizeQ4_1, quantizeQ4_1 } from './q4_1.ts';
import { dequantizeQ5_0, quantizeQ5_0 } from './q5_0.ts';
import { dequantizeQ5_1, quantizeQ5_1 } from './q5_1.ts';
import { dequantizeQ8_0, quantizeQ8_0 } from './q8_0.ts';

export interface QuantCodec {
  /** values: [n] f32, n a multiple of the block size -> out: exactly tensorBytes(type, n) bytes. */
  quantize(values: Float32Array, out: Uint8Array): void;
  /** data: at least tensorBytes(type, out.length) bytes -> out: [n] f32. */
  dequantize(data: Uint8Array, out: Float32Array): void;
  /** Only where ggml_quantize_chunk without an imatrix differs from the _ref quantizer (IQ4_NL). */
  quantizeChunk?: (values: Float32Array, out: Uint8Array) => void;
}

export const codecs: ReadonlyMap<GgmlType, QuantCodec> = new Map<GgmlType, QuantCodec>([
  [GgmlType.F32, { quantize: quantizeF32, dequantize: dequantizeF32 }],
  [GgmlType.F16, { quantize: quantizeF16, dequantize: dequantizeF16 }],
  [GgmlType.BF16, { quantize: quantizeBf16, dequantize: dequantizeBf16 }],
  [GgmlType.Q8_0, { quantize: quantizeQ8_0, dequantize: dequantizeQ8_0 }],
  [GgmlType.Q4_0, { quantize: quantizeQ4_0, dequantize: dequantizeQ4_0 }],
  [GgmlType.Q4_1, { quantize: quantizeQ4_1, dequantize: dequantizeQ4_1 }],
  [GgmlType.Q5_0, { quantize: quantizeQ5_0, dequantize: dequantizeQ5_0 }],
  [GgmlType.Q5_1, { quantize: quantizeQ5_1, dequantize: dequantizeQ5_1 }],
  [GgmlType.Q2_K, { quantize: quantizeQ2K, dequantize: dequantizeQ2K }],
  [GgmlType.Q3_K, { quantize: quantizeQ3K, dequantize: dequantizeQ3K }],
  [GgmlType.Q4_K, { quantize: quantizeQ4K, dequantize: dequantizeQ4K }],
  [GgmlType.Q5_K, { quantize: quantizeQ5K, dequantize: dequantizeQ5K }],
  [GgmlType.Q6_K, { quantize: quantizeQ6K, dequantize: dequantizeQ6K }],
  [
    GgmlType.IQ4_NL,
    { quantize: quantizeIq4Nl, dequantize: dequantizeIq4Nl, quantizeChunk: quantizeIq4NlSearched },
  ],
]);
