// The arithmetic yardstick: independent f32 FMA chains with no memory traffic, measured in the same run, so a
// matmul's GFLOP/s reads against what this adapter's ALUs (or, on a CPU adapter, its SIMD code) can do.
import { type BoundKernel, bindGroup, boundKernel } from '../../packages/kernels/src/common/bound-kernel.ts';

const WG = 64;
const WORKGROUPS = 256;
const CHAINS = 16;
const STEPS = 2048;
const code = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> sink: array<f32>;

@compute @workgroup_size(${WG})
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  var a: array<f32, ${CHAINS}>;
  for (var k = 0u; k < ${CHAINS}u; k++) { a[k] = f32(gid.x + k); }
  for (var i = 0u; i < ${STEPS}u; i++) {
    for (var k = 0u; k < ${CHAINS}u; k++) { a[k] = fma(a[k], 0.999, 0.001); }
  }
  var s = 0.0;
  for (var k = 0u; k < ${CHAINS}u; k++) { s += a[k]; }
  // Written only when impossible, so the chains cannot be optimized away.
  if (s == 1.2345e-30) { sink[0] = s; }
}`;

/** Flop of one encode of the kernel below. */
export const FMA_PEAK_FLOP = 2 * CHAINS * STEPS * WG * WORKGROUPS;

export function prepareFmaPeak(device: GPUDevice): BoundKernel {
  const module = device.createShaderModule({ label: 'fma_peak', code });
  const pipeline = device.createComputePipeline({ label: 'fma_peak', layout: 'auto', compute: { module } });
  const sink = device.createBuffer({ size: 16, usage: GPUBufferUsage.STORAGE });
  const group = bindGroup(device, pipeline, [{ buffer: sink }], 'fma_peak');
  return boundKernel([{ pipeline, bindGroup: group, workgroups: [WORKGROUPS, 1, 1] }], [sink]);
}
