// The engine's GPU device: created on first use with the adapter's limits, and created again after a loss.
// Each device has an AbortSignal that fires when it is lost, so the request running on it can fail with
// DeviceLost while the engine moves on to a new device.
import { type KernelDevice, requestKernelDevice } from '@wgllm/runtime';
import { DeviceLostError, WebGPUUnavailableError } from '../errors/errors.ts';

export class GpuDevice {
  private current: Promise<KernelDevice> | undefined;
  private lost = new AbortController();
  private disposed = false;

  constructor(
    private readonly gpu: GPU | undefined,
    /** Called once per lost device (not for one destroyed by dispose()). */
    private readonly onLost: (info: GPUDeviceLostInfo) => void,
  ) {}

  /** The live device, created on first use and after each loss. */
  device(): Promise<KernelDevice> {
    this.current ??= this.create();
    return this.current;
  }

  /** Fires when the device live now is lost. */
  get lostSignal(): AbortSignal {
    return this.lost.signal;
  }

  private async create(): Promise<KernelDevice> {
    if (!this.gpu) throw new WebGPUUnavailableError('WebGPU is not available here (no navigator.gpu)');
    const attempt = requestKernelDevice(this.gpu);
    attempt.catch(() => {
      // A failed attempt is not kept: the next call tries again.
      this.current = undefined;
    });
    const engineDevice = await attempt;
    const lost = this.lost;
    void engineDevice.device.lost.then((info) => {
      if (this.disposed) return;
      this.current = undefined;
      this.lost = new AbortController();
      lost.abort(
        new DeviceLostError(`the GPU device was lost: ${info.message || info.reason}`, {
          reason: info.reason,
        }),
      );
      this.onLost(info);
    });
    return engineDevice;
  }

  dispose(): void {
    this.disposed = true;
    void this.current?.then(
      ({ device }) => device.destroy(),
      () => undefined,
    );
  }
}
