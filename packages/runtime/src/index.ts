export { type KernelDevice, NoAdapterError, requestKernelDevice } from '@wgllm/kernels';
export { maskWords, type TokenConstraint, tokenAllowed } from './constraint/token-constraint.ts';
export { CpuRunner } from './cpu/cpu-runner.ts';
export { CpuForward, type KvPrecision } from './cpu/forward-cpu.ts';
export { loadCpuModel } from './cpu/load-cpu-model.ts';
export { compareTaps, type TapDiff } from './debug/compare-taps.ts';
export { ContextOverflowError, UnsupportedModelError } from './errors.ts';
export { readModelConfig, readModelDefinition, supportedArchitectures } from './families/registry.ts';
export {
  type GenerateChunk,
  type GenerateRequest,
  type GenerateResult,
  generate,
  type StreamingDetokenizer,
} from './generate.ts';
export {
  generateText,
  promptIds,
  type TextCallbacks,
  type TextPrompt,
  type TextRequest,
  type TextResult,
} from './generate-text.ts';
export {
  type EstimateOptions,
  estimateGpuMemory,
  type GpuProfile,
  gpuProfile,
  type KvLayerGroup,
  type MemoryEstimate,
} from './gpu/estimate-memory.ts';
export { type GpuLoadOptions, GpuRunner } from './gpu/gpu-runner.ts';
export { checkMemoryFit, type FitOptions, type MemoryFit } from './gpu/memory-fit.ts';
export type { ModelGraph, Value as GraphValue } from './graph/graph.ts';
export { type LoadedModel, type LoadOptions, loadCpuReferenceModel, loadGpuModel } from './load-model.ts';
export {
  argmax,
  klDivergence,
  klDivergenceTopK,
  logSoftmax,
  NEAR_TIE,
  type TopTwo,
  topTwo,
} from './metrics/logit-metrics.ts';
export type { ModelConfig } from './model/config.ts';
export type { ModelRunner, Readback, StepOutput } from './model-runner.ts';
export { defaultSamplingOptions, type SamplingOptions } from './sampling/options.ts';
export type { FinishReason } from './sampling/stopping.ts';
export { commonPrefix, type PrefixReuse, SequenceSlots } from './sequences/sequence-slots.ts';
