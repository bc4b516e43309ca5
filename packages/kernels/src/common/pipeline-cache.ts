// Pipelines are expensive to build (up to seconds on software adapters): build each variant once per device
// and find it again by a key that names the variant, e.g. "matmul:Q4_0:m8:sg".

const cache = new WeakMap<GPUDevice, Map<string, GPUComputePipeline>>();

export function cachedPipeline(device: GPUDevice, key: string, code: () => string): GPUComputePipeline {
  let byKey = cache.get(device);
  if (!byKey) {
    byKey = new Map();
    cache.set(device, byKey);
  }
  let pipeline = byKey.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ label: key, code: code() });
    pipeline = device.createComputePipeline({ label: key, layout: 'auto', compute: { module } });
    byKey.set(key, pipeline);
  }
  return pipeline;
}
