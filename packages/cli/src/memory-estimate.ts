// `wgllm inspect --memory`: the GPU memory a model needs at a context, on this machine's Dawn adapter (whichever
// the environment selects), from the header alone.
import type { GgufHeader } from '@wgllm/gguf';
import {
  checkMemoryFit,
  type FitOptions,
  gpuProfile,
  type MemoryFit,
  requestKernelDevice,
} from '@wgllm/runtime';

export interface AdapterFit extends MemoryFit {
  adapter: string;
}

export async function adapterFit(header: GgufHeader, options: FitOptions): Promise<AdapterFit> {
  const { create, globals } = await import('webgpu');
  Object.assign(globalThis, globals); // the estimate runs the engine's allocation code, which uses them
  const gpu = await requestKernelDevice(create([]));
  try {
    return { ...checkMemoryFit(header, gpuProfile(gpu), options), adapter: gpu.adapterName };
  } finally {
    gpu.device.destroy();
  }
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(2)} MiB`;

/** The estimate as `wgllm inspect` prints it. */
export function formatFit(f: AdapterFit): string {
  const e = f.estimate;
  const kv = e.kvLayers.map((g) => [
    `  kv ${g.window === undefined ? 'full' : `window ${g.window}`}`,
    `${g.layers} layers x ${g.slots} slots x ${g.nHeadKv} heads x ${g.headDim} ${g.element}: ${mib(g.bytes)}`,
  ]);
  const rows = [
    ['  weights', mib(e.weightsBytes)],
    ['  kv cache', mib(e.kvCacheBytes)],
    ...kv,
    ['  activations', `${mib(e.activationBytes)} (prefill steps of up to ${e.maxPrefillChunk} tokens)`],
    ['  other', `${mib(e.otherBytes)} (step plans, sampling, readback)`],
    ['  total', `${mib(e.totalBytes)}, peak during load ${mib(e.peakBytes)}`],
    [
      '  kv sequences',
      `up to ${e.sequences} (${f.sequencesFitting} within the budget), ${mib(e.sequenceBytes)} each after the ` +
        `first: ${mib(e.allSequencesBytes)} with all made`,
    ],
    [
      '  largest binding',
      `${mib(e.largestBindingBytes)} of maxStorageBufferBindingSize ${mib(f.maxStorageBufferBindingSize)}`,
    ],
    ['  largest buffer', `${mib(e.largestBufferBytes)} of maxBufferSize ${mib(f.maxBufferSize)}`],
    ['  budget', f.budgetBytes === undefined ? '(none given: --budget-mib)' : mib(f.budgetBytes)],
  ];
  const width = Math.max(...rows.map(([label]) => label!.length));
  const verdict = f.fits
    ? `fits; the longest context that fits is ${f.largestFittingContext} tokens`
    : `does not fit: ${f.problems.join('; ')}; the longest context that fits is ${f.largestFittingContext} tokens`;
  return [
    `GPU memory at ${e.contextLength} tokens of context on ${f.adapter}:`,
    ...rows.map(([label, value]) => `${label!.padEnd(width)}  ${value}`),
    verdict,
    '',
  ].join('\n');
}
