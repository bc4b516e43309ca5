import { wgsl } from '../generated/shaders.ts';

/** y (rows) = W (rows, cols) · x (cols), all f32. One workgroup per output row. */
export class MatvecF32 {
  private readonly pipeline: GPUComputePipeline;
  private readonly params: GPUBuffer;

  constructor(private readonly device: GPUDevice) {
    const module = device.createShaderModule({ label: 'matvec_f32', code: wgsl.matvec_f32 });
    this.pipeline = device.createComputePipeline({
      label: 'matvec_f32',
      layout: 'auto',
      compute: { module },
    });
    this.params = device.createBuffer({ size: 8, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  }

  /** Records the dispatch; `rows` must fit in one dispatch dimension (<= 65535). */
  encode(
    encoder: GPUCommandEncoder,
    weight: GPUBuffer,
    x: GPUBuffer,
    y: GPUBuffer,
    rows: number,
    cols: number,
  ): void {
    this.device.queue.writeBuffer(this.params, 0, new Uint32Array([rows, cols]));
    const bindGroup = this.device.createBindGroup({
      layout: this.pipeline.getBindGroupLayout(0),
      entries: [
        { binding: 0, resource: { buffer: this.params } },
        { binding: 1, resource: { buffer: weight } },
        { binding: 2, resource: { buffer: x } },
        { binding: 3, resource: { buffer: y } },
      ],
    });
    const pass = encoder.beginComputePass({ label: 'matvec_f32' });
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(rows);
    pass.end();
  }
}
