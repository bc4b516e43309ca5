import { checkMemoryFit, gpuProfile, loadGpuModel } from '@wgllm/runtime';
import { ModelTooLargeError } from '../errors/errors.ts';
import { GpuDevice } from './gpu-device.ts';
import type { ModelBackend } from './model-backend.ts';

/** Models on the GPU: one device for all of them, recreated after a loss (then `onDeviceLost` reloads them). */
export function gpuBackend(gpu: GPU | undefined, onDeviceLost: () => void): ModelBackend {
  const devices = new GpuDevice(gpu, onDeviceLost);
  return {
    kind: 'webgpu',
    async load(source, { header, contextLength, sequences, onProgress }) {
      const device = await devices.device();
      const options = {
        header,
        ...(contextLength === undefined ? {} : { contextLength }),
        ...(sequences === undefined ? {} : { sequences }),
        ...(onProgress ? { onProgress } : {}),
      };
      // Allocation failures are reported through error scopes, not thrown: collect them around the upload.
      device.device.pushErrorScope('out-of-memory');
      const model = await loadGpuModel(device, source, options).catch(async (error: unknown) => {
        await device.device.popErrorScope();
        throw error;
      });
      const outOfMemory = await device.device.popErrorScope();
      if (outOfMemory) {
        model.destroy();
        throw new ModelTooLargeError(`the model does not fit in GPU memory: ${outOfMemory.message}`, {
          sizeBytes: source.size,
        });
      }
      return model;
    },
    async memoryFit(header, options) {
      const device = await devices.device();
      return { ...checkMemoryFit(header, gpuProfile(device), options), adapter: device.adapterName };
    },
    lostSignal: () => devices.lostSignal,
    dispose: () => devices.dispose(),
  };
}
