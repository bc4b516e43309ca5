import { type BoundKernel, bindGroup, boundKernel, gridFor } from '../common/bound-kernel.ts';
import { createParamsBuffer, defineParams } from '../common/params.ts';
import { cachedPipeline } from '../common/pipeline-cache.ts';
import { shaderSource } from '../common/shader-source.ts';
import { wgsl } from '../generated/shaders.ts';

export const swigluParams = defineParams('SwigluParams', [['n', 'u32']] as const);

export interface SwigluBinding {
  gate: GPUBuffer; // (n) f32
  up: GPUBuffer; // (n) f32
  out: GPUBuffer; // (n) f32
  /** Elements: nTokens * nFf. */
  n: number;
}

/** The gate's activation: SiLU (SwiGLU) or GELU, tanh approximation (GeGLU). */
export type GateActivation = 'silu' | 'gelu';

/** out = silu(gate) * up. */
export function prepareSwiglu(device: GPUDevice, b: SwigluBinding): BoundKernel {
  return prepareGated(device, b, 'silu');
}

/** out = gelu(gate) * up (GELU's tanh approximation, as ggml_gelu). */
export function prepareGeglu(device: GPUDevice, b: SwigluBinding): BoundKernel {
  return prepareGated(device, b, 'gelu');
}

function prepareGated(device: GPUDevice, b: SwigluBinding, activation: GateActivation): BoundKernel {
  const key = `gated:${activation}`;
  const pipeline = cachedPipeline(device, key, () =>
    shaderSource(wgsl.swiglu, { flags: { GELU: activation === 'gelu' } }),
  );
  const params = createParamsBuffer(device, swigluParams, { n: b.n });
  const group = bindGroup(
    device,
    pipeline,
    [{ buffer: params }, { buffer: b.gate }, { buffer: b.up }, { buffer: b.out }],
    key,
  );
  return boundKernel([{ pipeline, bindGroup: group, workgroups: gridFor(b.n, 64) }], [params]);
}
