// Wraps a GPUDevice to count the object creations the engine promises not to make per decoded token.

export interface CreationCounts {
  createBuffer: number;
  createBindGroup: number;
  createComputePipeline: number;
  createShaderModule: number;
  createCommandEncoder: number;
  submit: number;
}

const counted = ['createBuffer', 'createBindGroup', 'createComputePipeline', 'createShaderModule'] as const;

/**
 * A device proxy whose creation calls (and queue submits) are counted in `counts`. Only the device is
 * proxied: the objects it returns are the real ones, so they can still be passed to native calls.
 */
export function countingDevice(device: GPUDevice): { device: GPUDevice; counts: CreationCounts } {
  const counts: CreationCounts = {
    createBuffer: 0,
    createBindGroup: 0,
    createComputePipeline: 0,
    createShaderModule: 0,
    createCommandEncoder: 0,
    submit: 0,
  };
  const queue = new Proxy(device.queue, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (prop === 'submit') {
        return (...args: unknown[]) => {
          counts.submit++;
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  const proxy = new Proxy(device, {
    get(target, prop) {
      if (prop === 'queue') return queue;
      const value = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if ((counted as readonly (string | symbol)[]).includes(prop) || prop === 'createCommandEncoder') {
        const key = prop as keyof CreationCounts;
        return (...args: unknown[]) => {
          counts[key]++;
          return value.apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { device: proxy, counts };
}

export interface StepCosts {
  createBuffer: number;
  createBindGroup: number;
  createComputePipeline: number;
  createShaderModule: number;
  submit: number;
  /** GPUBuffer.mapAsync calls: each GPU -> CPU read maps once. */
  mapAsync: number;
}

/** What `steps` created, submitted and mapped on the counted device (mapAsync counted globally meanwhile). */
export async function stepCosts(counts: CreationCounts, steps: () => Promise<void>): Promise<StepCosts> {
  const before = { ...counts };
  let maps = 0;
  const mapAsync = GPUBuffer.prototype.mapAsync;
  GPUBuffer.prototype.mapAsync = function (this: GPUBuffer, ...args: Parameters<GPUBuffer['mapAsync']>) {
    maps++;
    return mapAsync.apply(this, args);
  };
  try {
    await steps();
  } finally {
    GPUBuffer.prototype.mapAsync = mapAsync;
  }
  return {
    createBuffer: counts.createBuffer - before.createBuffer,
    createBindGroup: counts.createBindGroup - before.createBindGroup,
    createComputePipeline: counts.createComputePipeline - before.createComputePipeline,
    createShaderModule: counts.createShaderModule - before.createShaderModule,
    submit: counts.submit - before.submit,
    mapAsync: maps,
  };
}

/** What `steps` decode steps may cost: nothing created, one submit and one map (the one readback) each. */
export function decodeStepBudget(steps: number): StepCosts {
  return {
    createBuffer: 0,
    createBindGroup: 0,
    createComputePipeline: 0,
    createShaderModule: 0,
    submit: steps,
    mapAsync: steps,
  };
}

export interface ByteMeter {
  device: GPUDevice;
  /** Bytes of the buffers created through `device` and not destroyed yet. */
  liveBytes(): number;
  /** Largest liveBytes() seen. */
  peakBytes(): number;
  /** Puts GPUBuffer.prototype.destroy back (it is patched to see destroys while the meter runs). */
  stop(): void;
}

/** A device proxy that tracks the bytes GPU buffers hold: what the memory estimate predicts. */
export function byteMeter(device: GPUDevice): ByteMeter {
  const sizes = new Map<GPUBuffer, number>();
  let live = 0;
  let peak = 0;
  const destroy = GPUBuffer.prototype.destroy;
  GPUBuffer.prototype.destroy = function (this: GPUBuffer) {
    live -= sizes.get(this) ?? 0;
    sizes.delete(this);
    destroy.call(this);
  };
  const proxy = new Proxy(device, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (prop !== 'createBuffer') return typeof value === 'function' ? value.bind(target) : value;
      return (descriptor: GPUBufferDescriptor) => {
        const buffer = target.createBuffer(descriptor);
        sizes.set(buffer, descriptor.size);
        live += descriptor.size;
        peak = Math.max(peak, live);
        return buffer;
      };
    },
  });
  return {
    device: proxy,
    liveBytes: () => live,
    peakBytes: () => peak,
    stop: () => {
      GPUBuffer.prototype.destroy = destroy;
    },
  };
}
