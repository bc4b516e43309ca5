export { expectAllClose, randomF32, seededRandom, type Tolerance } from './compare.ts';
export { requestTestDevice, type TestDevice } from './device.ts';
export { createStorageBuffer, readBuffer, readF32, uploadBuffer } from './gpu-buffers.ts';
export {
  type AdapterFeatures,
  type GpuCase,
  type GpuSuite,
  type GpuTestContext,
  gpuSuite,
  precisionsOf,
} from './suite.ts';
