import type { AdapterFeatures } from './suite.ts';

export interface TestDevice {
  /**
   * The GPU instance the device came from. Held on purpose: in Dawn's Node binding a collected instance frees
   * state that its event polling still touches (seen as mutex assertion crashes a few dispatches later).
   */
  gpu: GPU;
  device: GPUDevice;
  features: AdapterFeatures;
  adapterName: string;
}

/**
 * Requests a device with the adapter's maximum limits (otherwise WebGPU hands out the spec defaults) and the
 * optional features our kernels use. Throws when there is no adapter: a missing adapter is a failure, never a skip.
 */
export async function requestTestDevice(gpu: GPU): Promise<TestDevice> {
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new Error('navigator.gpu.requestAdapter() returned null: no WebGPU adapter');
  const wanted: GPUFeatureName[] = ['shader-f16', 'subgroups'];
  const requiredFeatures = wanted.filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  for (const key in adapter.limits) {
    const value = adapter.limits[key as keyof GPUSupportedLimits];
    if (typeof value === 'number') requiredLimits[key] = value;
  }
  const device = await adapter.requestDevice({ requiredFeatures, requiredLimits });
  const info = adapter.info;
  const adapterName =
    [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') || 'unknown';
  return {
    gpu,
    device,
    adapterName,
    features: { shaderF16: device.features.has('shader-f16'), subgroups: device.features.has('subgroups') },
  };
}
