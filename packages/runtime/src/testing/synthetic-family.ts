// Synthetic files of the families that start from the llama tensor layout (llama 3, SmolLM3, Phi-3): the llama
// generator's tensors and keys, renamed to the family's architecture, with the family's own tensors and keys
// added and each 2-D weight quantized to its type of a llama.cpp file-type mix (Q4_K_M gives tensors different
// types). Same spec, same bytes.
import { GgmlType, type GgufMetadataInput, type GgufTensorInput, quantize, writeGguf } from '@wgllm/gguf';
import { SeededRandom } from '../sampling/rng.ts';
import { type SyntheticModelSpec, syntheticMetadata, syntheticTensors } from './synthetic-model.ts';

export interface FamilyModelSpec {
  /** The llama-layout model the file starts from (`type` is the default weight type). */
  base: SyntheticModelSpec;
  /** GGUF `general.architecture`: the base's `llama.*` keys are renamed to `<architecture>.*`. */
  architecture: string;
  /** Keys (full names) added or replaced (general.name included). */
  metadata?: Record<string, GgufMetadataInput>;
  /** Edits the base's tensors (all F32 here, before the types are applied): adds, fuses or drops tensors. */
  editTensors?: (tensors: GgufTensorInput[], random: SeededRandom) => GgufTensorInput[];
  /** Types of the 2-D weights that differ from `base.type` (a file-type mix), by tensor name. */
  types?: Readonly<Record<string, GgmlType>>;
}

/** A (rows x rowLength) F32 tensor of uniform values with mean `mean` and standard deviation `std`. */
export function uniformTensor(
  random: SeededRandom,
  name: string,
  shape: number[],
  std: number,
  mean = 0,
): GgufTensorInput {
  const length = shape.reduce((a, b) => a * b, 1);
  const data = Float32Array.from({ length }, () => mean + (2 * random.next() - 1) * std * Math.sqrt(3));
  return { name, type: GgmlType.F32, shape, data: quantize(GgmlType.F32, data) };
}

/** `t` (F32) with every value times `factor`: a family's multiplier compensated in its weights. */
export function scaledTensor(t: GgufTensorInput, factor: number): GgufTensorInput {
  const values = new Float32Array(t.data.buffer, t.data.byteOffset, t.data.byteLength / 4);
  return {
    ...t,
    data: quantize(
      GgmlType.F32,
      values.map((v) => v * factor),
    ),
  };
}

/** The family's file as a GGUF. */
export function syntheticFamilyModel(spec: FamilyModelSpec): Uint8Array {
  const f32 = { ...spec.base, type: GgmlType.F32 };
  const arch = spec.architecture;
  const metadata: Record<string, GgufMetadataInput> = {};
  for (const [key, value] of Object.entries(syntheticMetadata(f32)))
    metadata[key.replace(/^llama\./, `${arch}.`)] = value;
  Object.assign(
    metadata,
    {
      'general.name': `synthetic ${arch} ${GgmlType[spec.base.type]} (random weights, seed ${spec.base.seed})`,
    },
    spec.metadata,
    { 'general.architecture': arch },
  );
  const random = new SeededRandom(spec.base.seed + 1_000_003);
  const edited = spec.editTensors?.(syntheticTensors(f32), random) ?? syntheticTensors(f32);
  const tensors = edited.map((t) => {
    const type = t.shape.length < 2 ? GgmlType.F32 : (spec.types?.[t.name] ?? spec.base.type);
    if (type === GgmlType.F32) return t;
    const values = new Float32Array(t.data.buffer, t.data.byteOffset, t.data.byteLength / 4);
    return { ...t, type, data: quantize(type, values) };
  });
  return writeGguf({ metadata, tensors });
}
