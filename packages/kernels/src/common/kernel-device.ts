// The device the kernels run on and what they choose their variants by. Requested once per engine (or test,
// or bench) with the adapter's maximum limits, since WebGPU otherwise hands out the spec defaults, and with
// every optional feature the kernels can use; each `prepare*` then picks its variant from these flags.

export interface KernelDevice {
  /**
   * The GPU instance the device came from, held on purpose: in Dawn's Node binding a collected instance frees
   * state its event polling still touches (mutex assertion crashes a few submits later).
   */
  gpu: GPU;
  device: GPUDevice;
  /** `shader-f16` is enabled: f16 KV cache and f16 kernel paths. */
  shaderF16: boolean;
  /** `subgroups` is enabled: subgroup reductions. */
  subgroups: boolean;
  /**
   * The adapter runs on the CPU (SwiftShader, lavapipe / llvmpipe, or any adapter flagged as a fallback):
   * kernels take their CPU-friendly variants (no cross-invocation reductions in the decode mat-vec).
   */
  cpuAdapter: boolean;
  /** Human-readable adapter description, for logs and reports. */
  adapterName: string;
}

export class NoAdapterError extends Error {
  override readonly name = 'NoAdapterError';
}

/** Features the kernels use when the adapter has them. */
const kernelFeatures: readonly GPUFeatureName[] = ['shader-f16', 'subgroups'];

export interface KernelDeviceOptions {
  adapter?: GPURequestAdapterOptions;
  /** Further optional features (e.g. 'timestamp-query' for the bench), enabled where the adapter has them. */
  extraFeatures?: readonly GPUFeatureName[];
}

export async function requestKernelDevice(
  gpu: GPU,
  options: KernelDeviceOptions = {},
): Promise<KernelDevice> {
  const adapter = await gpu.requestAdapter(options.adapter);
  if (!adapter) throw new NoAdapterError('no WebGPU adapter: requestAdapter() returned null');
  const wanted = [...kernelFeatures, ...(options.extraFeatures ?? [])];
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
    shaderF16: device.features.has('shader-f16'),
    subgroups: device.features.has('subgroups'),
    cpuAdapter: isCpuAdapter(adapter),
    adapterName,
  };
}

const cpuAdapterNames = /swiftshader|llvmpipe|lavapipe/i;

function isCpuAdapter(adapter: GPUAdapter): boolean {
  const info = adapter.info as GPUAdapterInfo & { isFallbackAdapter?: boolean };
  const fallback = info.isFallbackAdapter ?? (adapter as { isFallbackAdapter?: boolean }).isFallbackAdapter;
  return (
    fallback === true ||
    cpuAdapterNames.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`)
  );
}
