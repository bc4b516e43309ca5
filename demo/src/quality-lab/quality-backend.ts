// Where the Worker scores models: the GPU engine (loadGpuModel + runnerQualityModel, one logits readback per
// token) on the Worker's navigator.gpu, or the runtime's CPU reference forward (pure TypeScript).
import { bufferSource } from '@wgllm/gguf';
import type { QualityModel } from '@wgllm/quality';
import { cpuQualityModel, runnerQualityModel } from '@wgllm/quality';
import { type LoadedModel, loadGpuModel, requestKernelDevice } from '@wgllm/runtime';
import type { BackendChoice } from './lab-protocol.ts';

export interface QualityBackend {
  /** Said in the page, e.g. "GPU engine on SwiftShader Device". */
  description: string;
  load(name: string, file: Uint8Array): Promise<QualityModel>;
  close(): void;
}

export async function openBackend(choice: BackendChoice, ctx: number): Promise<QualityBackend> {
  if (choice === 'cpu')
    return {
      description: 'CPU reference forward (TypeScript, f16 KV cache)',
      load: async (name, file) => cpuQualityModel(name, file, ctx),
      close: () => {},
    };
  if (!('gpu' in navigator)) throw new Error('this browser has no WebGPU in Workers: choose the CPU backend');
  const gpu = await requestKernelDevice(navigator.gpu);
  const loaded: LoadedModel[] = [];
  return {
    description: `GPU engine on ${gpu.adapterName} (${gpu.shaderF16 ? 'f16' : 'f32'} KV cache)`,
    async load(name, file) {
      const model = await loadGpuModel(gpu, bufferSource(file), { contextLength: ctx });
      loaded.push(model);
      return runnerQualityModel(name, model, gpu.shaderF16 ? 2 : 4);
    },
    close() {
      for (const model of loaded) model.destroy();
      gpu.device.destroy();
    },
  };
}
