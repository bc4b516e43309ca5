import { dequantize, GgmlType, isDequantizable, parseGguf, tensorData } from '@wgllm/gguf';
import { defaultContextLength, type ModelConfig, readModelConfig } from '../model/config.ts';
import { checkTensors, modelTensorSpecs } from '../model/tensors.ts';
import { buildCpuWeights } from './cpu-weights.ts';
import { CpuForward, type KvPrecision } from './forward-cpu.ts';

const allTypes = Object.values(GgmlType).filter((v): v is GgmlType => typeof v === 'number');
/** Every type the CPU dequantizer decodes. */
export const cpuSupportedTypes: ReadonlySet<number> = new Set(allTypes.filter(isDequantizable));

export const ggmlTypeName = (type: number): string => GgmlType[type] ?? `ggml type ${type}`;

/** Parses a whole GGUF file in memory and dequantizes its weights to f32 for the CPU reference forward. */
export function loadCpuModel(
  file: Uint8Array,
  options: { contextLength?: number; kvPrecision?: KvPrecision } = {},
): { config: ModelConfig; forward: CpuForward } {
  const header = parseGguf(file);
  const config = readModelConfig(header);
  const specs = modelTensorSpecs(config);
  checkTensors(specs, header.tensors, cpuSupportedTypes, ggmlTypeName);
  const byName = new Map(header.tensors.map((t) => [t.name, t]));
  const weights = buildCpuWeights(config, specs, (spec) => {
    const tensor = byName.get(spec.name)!;
    const elements = tensor.shape.reduce((a, b) => a * b, 1);
    return dequantize(tensor.type, tensorData(header, file, tensor), elements);
  });
  return {
    config,
    forward: new CpuForward(
      config,
      weights,
      options.contextLength ?? defaultContextLength(config),
      options.kvPrecision ?? 'f32',
    ),
  };
}
