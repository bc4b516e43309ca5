import { loadCpuReferenceModel } from '@wgllm/runtime';
import type { ModelBackend } from './model-backend.ts';

/** The CPU reference forward (f32): for tests and tiny models where no GPU is wanted or available. */
export function cpuBackend(): ModelBackend {
  return {
    kind: 'cpu',
    async load(source, { header, contextLength, sequences, onProgress }) {
      const model = await loadCpuReferenceModel(source, {
        header,
        ...(contextLength !== undefined && { contextLength }),
        ...(sequences !== undefined && { sequences }),
      });
      onProgress?.(source.size, source.size);
      return model;
    },
    lostSignal: () => undefined,
    dispose() {},
  };
}
