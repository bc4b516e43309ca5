// The one GPU -> CPU read per step: a staging buffer made once, filled by a copy recorded at the end of the
// step's command encoder, mapped after the submit.

export class StagingReadback {
  private readonly staging: GPUBuffer;

  constructor(
    device: GPUDevice,
    /** Largest read (bytes, a multiple of 4). */
    readonly capacity: number,
    label: string,
  ) {
    this.staging = device.createBuffer({
      label,
      size: capacity,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** Records the copy of `bytes` from `source` (at `sourceOffset`) into the staging buffer. */
  record(encoder: GPUCommandEncoder, source: GPUBuffer, bytes: number, sourceOffset = 0): void {
    encoder.copyBufferToBuffer(source, sourceOffset, this.staging, 0, bytes);
  }

  /** After the submit: maps the staging buffer and copies `bytes` out into `into`. */
  async read(into: Uint8Array): Promise<void> {
    await this.staging.mapAsync(GPUMapMode.READ, 0, into.byteLength);
    into.set(new Uint8Array(this.staging.getMappedRange(0, into.byteLength)));
    this.staging.unmap();
  }

  destroy(): void {
    this.staging.destroy();
  }
}
