// What `prepare(...)` returns: a dispatch with its params and bind groups already made, so a whole decode
// step can be recorded into one compute pass with no buffer or bind group creation per token.

export interface BoundKernel {
  /** Records the dispatch(es) into an open compute pass. */
  encode(pass: GPUComputePassEncoder): void;
  /** Frees the params buffers this binding owns (not the caller's buffers). */
  destroy(): void;
}

export interface Dispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: readonly [number, number, number];
}

/** Bundles dispatches (run in order) and the params buffers they own. */
export function boundKernel(dispatches: readonly Dispatch[], owned: readonly GPUBuffer[]): BoundKernel {
  return {
    encode(pass) {
      for (const { pipeline, bindGroup, workgroups } of dispatches) {
        pass.setPipeline(pipeline);
        pass.setBindGroup(0, bindGroup);
        pass.dispatchWorkgroups(workgroups[0], workgroups[1], workgroups[2]);
      }
    },
    destroy() {
      for (const buffer of owned) buffer.destroy();
    },
  };
}

/** Spreads `count` workgroups over x and y (each dimension is limited to 65535). */
export function grid2d(count: number): [number, number] {
  const x = Math.max(1, Math.min(count, 65535));
  return [x, Math.max(1, Math.ceil(count / x))];
}

/** Bind group for `pipeline`: resources[i] goes to binding i; an undefined slot is a binding the variant lacks. */
export function bindGroup(
  device: GPUDevice,
  pipeline: GPUComputePipeline,
  resources: readonly (GPUBindingResource | undefined)[],
  label: string,
): GPUBindGroup {
  const entries: GPUBindGroupEntry[] = [];
  resources.forEach((resource, binding) => {
    if (resource) entries.push({ binding, resource });
  });
  return device.createBindGroup({ label, layout: pipeline.getBindGroupLayout(0), entries });
}

/** Workgroups for one invocation per item with `perGroup` invocations each, spread over x and y. */
export function gridFor(items: number, perGroup: number): [number, number, number] {
  const [x, y] = grid2d(Math.ceil(items / perGroup));
  return [x, y, 1];
}
