// Counts what the engine does to the GPU: a wrapped GPUDevice counts creations (and tracks the bytes of live
// buffers), the queue counts submits, and patched prototypes count dispatches and readbacks (mapAsync) on the
// real objects the device returns (wrapping those would break passing them back to native calls).

export interface GpuCounts {
  buffersCreated: number;
  bindGroupsCreated: number;
  pipelinesCreated: number;
  submits: number;
  dispatches: number;
  readbacks: number;
}

/** The classes whose prototypes are patched: `globalThis` in a browser, `globals` from 'webgpu' in Node. */
export interface GpuClasses {
  GPUBuffer: { prototype: GPUBuffer };
  GPUComputePassEncoder: { prototype: GPUComputePassEncoder };
}

export interface GpuMeter {
  device: GPUDevice;
  counts: GpuCounts;
  /** Bytes of buffers created through `device` and not yet destroyed. */
  liveBytes(): number;
  /** Buffers created through `device` and not yet destroyed. */
  liveBuffers(): number;
  /** Largest liveBytes() seen. */
  peakBytes(): number;
}

function zeroCounts(): GpuCounts {
  return {
    buffersCreated: 0,
    bindGroupsCreated: 0,
    pipelinesCreated: 0,
    submits: 0,
    dispatches: 0,
    readbacks: 0,
  };
}

export function meterDevice(device: GPUDevice, classes: GpuClasses): GpuMeter {
  const counts = zeroCounts();
  const sizes = new WeakMap<GPUBuffer, number>();
  let live = 0;
  let liveCount = 0;
  let peak = 0;

  const bufferProto = classes.GPUBuffer.prototype;
  const mapAsync = bufferProto.mapAsync;
  bufferProto.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
    counts.readbacks++;
    return mapAsync.apply(this, args);
  };
  const destroy = bufferProto.destroy;
  bufferProto.destroy = function (this: GPUBuffer) {
    const size = sizes.get(this);
    if (size !== undefined) {
      live -= size;
      liveCount--;
      sizes.delete(this);
    }
    destroy.call(this);
  };
  const passProto = classes.GPUComputePassEncoder.prototype;
  const dispatch = passProto.dispatchWorkgroups;
  passProto.dispatchWorkgroups = function (this: GPUComputePassEncoder, ...args) {
    counts.dispatches++;
    dispatch.apply(this, args);
  };
  const dispatchIndirect = passProto.dispatchWorkgroupsIndirect;
  passProto.dispatchWorkgroupsIndirect = function (this: GPUComputePassEncoder, ...args) {
    counts.dispatches++;
    dispatchIndirect.apply(this, args);
  };

  const queue = new Proxy(device.queue, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'submit') {
        return (...args: unknown[]) => {
          counts.submits++;
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  const wrapped = new Proxy(device, {
    get(target, prop) {
      if (prop === 'queue') return queue;
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'createBuffer') {
        return (descriptor: GPUBufferDescriptor) => {
          counts.buffersCreated++;
          const buffer = target.createBuffer(descriptor);
          sizes.set(buffer, descriptor.size);
          live += descriptor.size;
          liveCount++;
          peak = Math.max(peak, live);
          return buffer;
        };
      }
      if (prop === 'createBindGroup') {
        return (...args: unknown[]) => {
          counts.bindGroupsCreated++;
          return value.apply(target, args);
        };
      }
      if (prop === 'createComputePipeline' || prop === 'createComputePipelineAsync') {
        return (...args: unknown[]) => {
          counts.pipelinesCreated++;
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return {
    device: wrapped,
    counts,
    liveBytes: () => live,
    liveBuffers: () => liveCount,
    peakBytes: () => peak,
  };
}

/** counts now minus counts then, divided by `steps`. */
export function perStep(now: GpuCounts, then: GpuCounts, steps: number) {
  const per = (key: keyof GpuCounts) => (now[key] - then[key]) / steps;
  return {
    dispatches: per('dispatches'),
    readbacks: per('readbacks'),
    buffersCreated: per('buffersCreated'),
    bindGroupsCreated: per('bindGroupsCreated'),
    pipelinesCreated: per('pipelinesCreated'),
    submits: per('submits'),
  };
}
