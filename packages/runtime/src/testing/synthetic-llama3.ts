// Synthetic llama 3.x files (arch llama): rope base 500000 and rope_freqs.weight, the per-pair frequency factors
// convert_hf_to_gguf writes for rope_type "llama3"; or YaRN rope scaling with a sliding-window key, as Mistral
// files converted to the llama architecture carry it (llama.cpp's llama graph ignores the window).
import { GgmlType, type GgufMetadataInput, ggufValue, quantize } from '@wgllm/gguf';
import type { FamilyModelSpec } from './synthetic-family.ts';
import type { SyntheticModelSpec } from './synthetic-model.ts';

/** rope_scaling of a llama 3.1+ config.json (rope_type "llama3"). */
export interface Llama3RopeScaling {
  factor: number;
  lowFreqFactor: number;
  highFreqFactor: number;
  /** original_max_position_embeddings (tokens). */
  origContext: number;
}

/** convert_hf_to_gguf's rope_freqs for rope_type "llama3": (headDim / 2) factors, 1 for short wavelengths. */
export function llama3RopeFreqs(headDim: number, freqBase: number, r: Llama3RopeScaling): Float32Array {
  const lowFreqWavelen = r.origContext / r.lowFreqFactor;
  const highFreqWavelen = r.origContext / r.highFreqFactor;
  return Float32Array.from({ length: headDim / 2 }, (_, i) => {
    const freq = 1 / Math.fround(freqBase ** ((2 * i) / headDim));
    const wavelen = (2 * Math.PI) / freq;
    if (wavelen < highFreqWavelen) return 1;
    if (wavelen > lowFreqWavelen) return r.factor;
    const smooth = (r.origContext / wavelen - r.lowFreqFactor) / (r.highFreqFactor - r.lowFreqFactor);
    return 1 / ((1 - smooth) / r.factor + smooth);
  });
}

export type Llama3Rope =
  | { kind: 'llama3'; freqBase: number; scaling: Llama3RopeScaling }
  | { kind: 'yarn'; freqBase: number; factor: number; origContext: number; slidingWindow: number };

export function llama3Model(
  base: Omit<SyntheticModelSpec, 'architecture'>,
  rope: Llama3Rope,
  types?: Readonly<Record<string, GgmlType>>,
): FamilyModelSpec {
  const metadata: Record<string, GgufMetadataInput> = {
    'llama.rope.freq_base': ggufValue.f32(rope.freqBase),
  };
  if (rope.kind === 'yarn') {
    metadata['llama.rope.scaling.type'] = 'yarn';
    metadata['llama.rope.scaling.factor'] = ggufValue.f32(rope.factor);
    metadata['llama.rope.scaling.original_context_length'] = ggufValue.u32(rope.origContext);
    metadata['llama.attention.sliding_window'] = ggufValue.u32(rope.slidingWindow);
  }
  return {
    base: { ...base, architecture: 'llama' },
    architecture: 'llama',
    metadata,
    ...(types && { types }),
    ...(rope.kind === 'llama3' && {
      editTensors: (tensors) => [
        {
          name: 'rope_freqs.weight',
          type: GgmlType.F32,
          shape: [base.headDim / 2],
          data: quantize(GgmlType.F32, llama3RopeFreqs(base.headDim, rope.freqBase, rope.scaling)),
        },
        ...tensors,
      ],
    }),
  };
}
