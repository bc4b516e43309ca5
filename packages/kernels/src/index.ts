// @wgllm/kernels: WGSL compute kernels with their TS dispatchers. Each `prepare*` builds (or finds in a
// per-device cache) its pipeline, writes its params once and returns a BoundKernel whose `encode(pass)`
// records the dispatch: an engine records a whole step into one compute pass with no allocation per token.
// Activations are f32; weights are read in their GGUF block layout. Values that change per token (position,
// token id) are read from GPU buffers the engine updates, so the same bound kernels serve every step.

export { addRef } from './add/add.ref.ts';
export { type AddBinding, prepareAdd } from './add/add.ts';
export { argmaxRef } from './argmax/argmax.ref.ts';
export { type ArgmaxBinding, prepareArgmax } from './argmax/argmax.ts';
export { attentionRef } from './attention/attention.ref.ts';
export {
  type AttentionBinding,
  type AttentionOptions,
  type KvType,
  type PrefillAttention,
  prepareAttention,
} from './attention/attention.ts';
export type { BoundKernel } from './common/bound-kernel.ts';
export {
  type KernelDevice,
  type KernelDeviceOptions,
  NoAdapterError,
  requestKernelDevice,
} from './common/kernel-device.ts';
export { encodeAndSubmit } from './common/test-support.ts';
export { embeddingRef } from './embedding/embedding.ref.ts';
export { type EmbeddingBinding, prepareEmbedding } from './embedding/embedding.ts';
export { kvWriteRef } from './kv-write/kv-write.ref.ts';
export { type KvWriteBinding, prepareKvWrite } from './kv-write/kv-write.ts';
export { logitAdjustRef } from './logit-adjust/logit-adjust.ref.ts';
export {
  BANNED_LOGIT,
  LOGIT_ADJUST_ENTRY_BYTES,
  type LogitAdjustEntry,
  type LogitAdjustKernel,
  type Penalties,
  prepareLogitAdjust,
} from './logit-adjust/logit-adjust.ts';
export { tokenMaskRef } from './logit-adjust/token-mask.ref.ts';
export { prepareTokenMask, type TokenMaskBinding, type TokenMaskKernel } from './logit-adjust/token-mask.ts';
export { dequantizeWeightRef, matmulRef } from './matmul/matmul.ref.ts';
export { type MatmulBinding, type MatmulOptions, prepareMatmul } from './matmul/matmul.ts';
export { randomWeightBytes } from './matmul/random-weights.ts';
export { partsInBuffer, splitRows, type WeightPart } from './matmul/weight-parts.ts';
export { isWeightType, rowBytes, type WeightType, weightTypes } from './matmul/weight-types.ts';
export { rmsNormRef } from './rmsnorm/rmsnorm.ref.ts';
export { prepareRmsNorm, type RmsNormBinding } from './rmsnorm/rmsnorm.ts';
export { ropeRef } from './rope/rope.ref.ts';
export {
  prepareRope,
  type RopeBinding,
  type RopeConfig,
  type RopeYarn,
} from './rope/rope.ts';
export { gumbelNoise, sampleTailRef, type TailStats } from './sample-tail/sample-tail.ref.ts';
export {
  prepareSampleTail,
  type SampleTailKernel,
  TAIL_STATS_BYTES,
  type TailDraw,
} from './sample-tail/sample-tail.ts';
export { scaleRef } from './scale/scale.ref.ts';
export { prepareScale, type ScaleBinding } from './scale/scale.ts';
export { shortConvRef } from './short-conv/short-conv.ref.ts';
export {
  prepareShortConv,
  SHORT_CONV_MAX_KERNEL,
  type ShortConvBinding,
} from './short-conv/short-conv.ts';
export { softcapRef } from './softcap/softcap.ref.ts';
export { prepareSoftcap, type SoftcapBinding } from './softcap/softcap.ts';
export { gegluRef, swigluRef } from './swiglu/swiglu.ref.ts';
export { prepareGeglu, prepareSwiglu, type SwigluBinding } from './swiglu/swiglu.ts';
export { topKRef } from './topk/topk.ref.ts';
export { prepareTopK, type TopKBinding, type TopKKernel } from './topk/topk.ts';
