// A GPUDevice that allocates nothing: it answers the calls the runtime makes while setting a model up
// (buffers, pipelines, bind groups, copies, writes) and records the size of every buffer asked for, so the
// memory estimate runs the loader's own allocation code and counts what a real device would have held.
// Buffers live until destroyed, as on a device; shaders are never compiled and nothing executes.

/** The limits the runtime's allocators read (split weights, fuse gate-up, check KV layers). */
export interface SizingLimits {
  /** Bytes. */
  maxBufferSize: number;
  /** Bytes. */
  maxStorageBufferBindingSize: number;
  /** Bytes. */
  minStorageBufferOffsetAlignment: number;
}

export interface SizingDevice {
  device: GPUDevice;
  /** Bytes of the buffers created and not destroyed yet. */
  liveBytes(): number;
  /** Largest liveBytes() seen. */
  peakBytes(): number;
  /** Largest buffer created, bytes. */
  largestBuffer(): number;
  /** Largest STORAGE buffer among those created after the first `skip` (a bufferCount() taken earlier). */
  largestStorageBuffer(skip?: number): number;
  /** Buffers created so far. */
  bufferCount(): number;
}

const noop = (): void => {};

export function sizingDevice(limits: SizingLimits, features: readonly string[]): SizingDevice {
  const created: { size: number; usage: number }[] = [];
  let live = 0;
  let peak = 0;

  const createBuffer = (descriptor: GPUBufferDescriptor): GPUBuffer => {
    const { size, usage } = descriptor;
    created.push({ size, usage });
    live += size;
    peak = Math.max(peak, live);
    let destroyed = false;
    const buffer = {
      label: descriptor.label ?? '',
      size,
      usage,
      mapState: 'unmapped',
      destroy() {
        if (destroyed) return;
        destroyed = true;
        live -= size;
      },
      mapAsync: () => Promise.reject(new Error('a sizing device runs nothing: no buffer can be mapped')),
      getMappedRange: () => new ArrayBuffer(0),
      unmap: noop,
    };
    return buffer as unknown as GPUBuffer;
  };
  const pass = { setPipeline: noop, setBindGroup: noop, dispatchWorkgroups: noop, end: noop };
  const encoder = {
    beginComputePass: () => pass,
    copyBufferToBuffer: noop,
    finish: () => ({}),
  };
  const device = {
    label: 'sizing device',
    limits,
    features: new Set(features),
    queue: { writeBuffer: noop, submit: noop, onSubmittedWorkDone: () => Promise.resolve() },
    lost: new Promise<never>(noop),
    createBuffer,
    createShaderModule: () => ({}),
    createComputePipeline: () => ({ getBindGroupLayout: () => ({}) }),
    createBindGroup: () => ({}),
    createCommandEncoder: () => encoder,
    pushErrorScope: noop,
    popErrorScope: () => Promise.resolve(null),
    destroy: noop,
  };
  const largest = (skip: number, usage: number) =>
    created.slice(skip).reduce((max, b) => ((b.usage & usage) === usage ? Math.max(max, b.size) : max), 0);
  return {
    device: device as unknown as GPUDevice,
    liveBytes: () => live,
    peakBytes: () => peak,
    largestBuffer: () => largest(0, 0),
    largestStorageBuffer: (skip = 0) => largest(skip, GPUBufferUsage.STORAGE),
    bufferCount: () => created.length,
  };
}
