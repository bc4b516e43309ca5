// Opens a model on the backend the flags choose, for the generating commands (run, chat).
import {
  type LoadedModel,
  type LoadOptions,
  loadCpuReferenceModel,
  loadGpuModel,
  requestKernelDevice,
} from '@wgllm/runtime';
import { numberFlag } from './number-flag.ts';
import { openModel } from './open-model.ts';

export const backendFlags = {
  ctx: { type: 'string' },
  cpu: { type: 'boolean' },
} as const;

export interface BackendFlagValues {
  readonly ctx?: string | undefined;
  readonly cpu?: boolean | undefined;
}

export interface Backend {
  model: LoadedModel;
  /** The adapter that runs the model ("cpu reference" for --cpu). */
  adapterName: string;
  close(): void;
}

/**
 * The model at `location` on the GPU through Dawn (whichever adapter the environment selects, e.g.
 * VK_ICD_FILENAMES), or on the CPU reference with --cpu; --ctx sizes the KV cache.
 */
export async function openBackend(location: string, flags: BackendFlagValues): Promise<Backend> {
  const source = await openModel(location);
  const options: LoadOptions =
    flags.ctx === undefined ? {} : { contextLength: numberFlag(flags.ctx, 'ctx', 0) };
  if (flags.cpu) {
    const model = await loadCpuReferenceModel(source, options);
    return { model, adapterName: 'cpu reference', close: () => model.destroy() };
  }
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals); // the engine uses GPUBufferUsage & co. as globals, as in a browser
  const gpu = await requestKernelDevice(create([]));
  try {
    const model = await loadGpuModel(gpu, source, options);
    return {
      model,
      adapterName: gpu.adapterName,
      close: () => {
        model.destroy();
        gpu.device.destroy();
      },
    };
  } catch (error) {
    gpu.device.destroy();
    throw error;
  }
}
