// What an engine holds on the GPU, counted where it is allocated: a GPU entry point whose devices count each
// buffer from createBuffer() until its destroy() (or its device's end). Lets a shared engine report that a
// second tab attaching to a model allocated nothing.

export interface GpuAllocationStats {
  /** Buffers alive now. */
  buffers: number;
  /** Their sizes, bytes. */
  bytes: number;
}

export class GpuAllocations {
  /** What each live device holds (no references to the buffers: counting must not keep them alive). */
  private readonly devices = new Map<GPUDevice, GpuAllocationStats>();

  stats(): GpuAllocationStats {
    const total: GpuAllocationStats = { buffers: 0, bytes: 0 };
    for (const live of this.devices.values()) {
      total.buffers += live.buffers;
      total.bytes += live.bytes;
    }
    return total;
  }

  /** `gpu`, except that the devices of its adapters count their buffers here. */
  counting(gpu: GPU): GPU {
    return {
      requestAdapter: async (options?: GPURequestAdapterOptions) => {
        const adapter = await gpu.requestAdapter(options);
        if (adapter) this.countDevicesOf(adapter);
        return adapter;
      },
      getPreferredCanvasFormat: () => gpu.getPreferredCanvasFormat(),
      get wgslLanguageFeatures() {
        return gpu.wgslLanguageFeatures;
      },
    } as GPU;
  }

  private countDevicesOf(adapter: GPUAdapter): void {
    const requestDevice = adapter.requestDevice.bind(adapter);
    adapter.requestDevice = async (descriptor?: GPUDeviceDescriptor) => {
      const device = await requestDevice(descriptor);
      this.countBuffersOf(device);
      return device;
    };
  }

  private countBuffersOf(device: GPUDevice): void {
    const live: GpuAllocationStats = { buffers: 0, bytes: 0 };
    this.devices.set(device, live);
    // A destroyed or lost device frees all its buffers.
    void device.lost.then(() => this.devices.delete(device));
    const createBuffer = device.createBuffer.bind(device);
    device.createBuffer = (descriptor: GPUBufferDescriptor) => {
      const buffer = createBuffer(descriptor);
      live.buffers++;
      live.bytes += descriptor.size;
      const destroy = buffer.destroy.bind(buffer);
      let alive = true;
      buffer.destroy = () => {
        if (alive) {
          alive = false;
          live.buffers--;
          live.bytes -= descriptor.size;
        }
        destroy();
      };
      return buffer;
    };
  }
}
