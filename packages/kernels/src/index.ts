// @wgllm/kernels: WGSL compute kernels with their TS dispatchers. Each `prepare*` builds (or finds in a
// per-device cache) its pipeline, writes its params once and returns a BoundKernel whose `encode(pass)`
// records the dispatch: an engine records a whole step into one compute pass with no allocation per token.

export type { BoundKernel } from './common/bound-kernel.ts';
export { dequantizeWeightRef, matmulRef } from './matmul/matmul.ref.ts';
export { type MatmulBinding, type MatmulOptions, prepareMatmul } from './matmul/matmul.ts';
export { randomWeightBytes } from './matmul/random-weights.ts';
export { partsInBuffer, splitRows, type WeightPart } from './matmul/weight-parts.ts';
export { isWeightType, rowBytes, type WeightType, weightTypes } from './matmul/weight-types.ts';
export { matvecF32Ref } from './matvec-f32/matvec-f32.ref.ts';
export { MatvecF32 } from './matvec-f32/matvec-f32.ts';
