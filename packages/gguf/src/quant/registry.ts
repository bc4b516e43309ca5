// Which ggml types we convert, and the functions that do it.

import { dequantizeBf16, quantizeBf16 } from './bf16.ts';
import { dequantizeF16, quantizeF16 } from './f16.ts';
import { dequantizeF32, quantizeF32 } from './f32.ts';
import { GgmlType } from './ggml-types.ts';
import { dequantizeIq4Nl, quantizeIq4Nl } from './iq4_nl.ts';
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
  [GgmlType.IQ4_NL, { quantize: quantizeIq4Nl, dequantize: dequantizeIq4Nl }],
]);
