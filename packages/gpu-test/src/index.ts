export { seededRandom } from '@wgllm/gguf/testing';
export { expectAllClose, randomF32, type Tolerance } from './compare.ts';
export { createStorageBuffer, readBuffer, readF32, uploadBuffer } from './gpu-buffers.ts';
export {
  type GpuCase,
  type GpuSuite,
  type GpuTestContext,
  type GpuTestFn,
  gpuSuite,
  precisionsOf,
} from './suite.ts';
