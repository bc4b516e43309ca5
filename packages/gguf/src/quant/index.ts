export { bf16BitsToF32, f32ToBf16Bits } from './bf16.ts';
export { dequantize, isDequantizable, isQuantizable, quantize, quantizeChunk } from './convert.ts';
export { f16BitsToF32, f32ToF16Bits } from './f16.ts';
export { type BlockLayout, blockLayouts, GgmlType, isGgmlType, tensorBytes } from './ggml-types.ts';
export { KVALUES_IQ4NL } from './iq4_nl.ts';
