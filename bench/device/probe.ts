// Which adapter Dawn finds in this environment, before anything is timed on it: run.sh stops early, with this
// message, when Vulkan gives none (no loader, no ICD, or a driver that fails to load).
import { requestKernelDevice } from '@wgllm/runtime';
import { create } from 'webgpu';

export interface ProbeResult {
  adapter: string;
  cpuAdapter: boolean;
  features: string[];
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
}

export async function probe(): Promise<void> {
  const gpu = create([]); // held until exit: Dawn crashes if the instance is collected while a device lives
  const { device, adapterName, cpuAdapter } = await requestKernelDevice(gpu, {
    extraFeatures: ['timestamp-query'],
  });
  const result: ProbeResult = {
    adapter: adapterName,
    cpuAdapter,
    features: [...device.features].sort(),
    maxBufferSize: device.limits.maxBufferSize,
    maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
  };
  console.log(JSON.stringify(result));
  device.destroy();
}
