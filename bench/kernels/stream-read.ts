// The bandwidth yardstick: a plain streaming read of the same bytes a kernel reads, measured in the same
// run, so each kernel is reported as a fraction of what this adapter can stream.
import { type BoundKernel, bindGroup, boundKernel } from '../../packages/kernels/src/common/bound-kernel.ts';

const WG = 256;
const code = /* wgsl */ `
@group(0) @binding(0) var<storage, read> data: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> sink: array<u32>;

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) n_wg: vec3<u32>) {
  let stride = n_wg.x * ${WG}u;
  var acc = vec4<u32>(0u);
  for (var i = gid.x; i < arrayLength(&data); i += stride) { acc ^= data[i]; }
  // Written only when impossible, so the reads cannot be optimized away and no write traffic is added.
  if (all(acc == vec4<u32>(0x9e3779b9u))) { sink[0] = acc.x; }
}`;

export interface ByteRange {
  buffer: GPUBuffer;
  offset: number; // bytes, 256-aligned
  size: number; // bytes (rounded down to 16)
}

/** Streams each range (one binding each) once per encode. */
export function prepareStreamRead(device: GPUDevice, ranges: readonly ByteRange[]): BoundKernel {
  const module = device.createShaderModule({ label: 'stream_read', code });
  const pipeline = device.createComputePipeline({
    label: 'stream_read',
    layout: 'auto',
    compute: { module },
  });
  const sink = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE });
  const dispatches = ranges.map(({ buffer, offset, size }) => ({
    pipeline,
    bindGroup: bindGroup(
      device,
      pipeline,
      [{ buffer, offset, size: Math.floor(size / 16) * 16 }, { buffer: sink }],
      'stream_read',
    ),
    workgroups: [256, 1, 1] as const,
  }));
  return boundKernel(dispatches, [sink]);
}
