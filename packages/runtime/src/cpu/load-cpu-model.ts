import { dequantize, GgmlType, type GgufHeader, isDequantizable, parseGguf, tensorData } from '@wgllm/gguf';
import { readModelDefinition } from '../families/registry.ts';
import { defaultContextLength, type ModelConfig } from '../model/config.ts';
import { checkTensors } from '../model/tensors.ts';
import { CpuForward, type KvPrecision } from './forward-cpu.ts';

const allTypes = Object.values(GgmlType).filter((v): v is GgmlType => typeof v === 'number');
/** Every type the CPU dequantizer decodes. */
export const cpuSupportedTypes: ReadonlySet<number> = new Set(allTypes.filter(isDequantizable));

export const ggmlTypeName = (type: number): string => GgmlType[type] ?? `ggml type ${type}`;

/** Parses a whole GGUF file in memory and dequantizes the graph's weights to f32 for the CPU reference. */
export function loadCpuModel(
  file: Uint8Array,
  options: { contextLength?: number; kvPrecision?: KvPrecision; header?: GgufHeader } = {},
): { config: ModelConfig; forward: CpuForward } {
  const header = options.header ?? parseGguf(file);
  const { config, graph } = readModelDefinition(header);
  checkTensors(graph.weights, header.tensors, cpuSupportedTypes, ggmlTypeName);
  const byName = new Map(header.tensors.map((t) => [t.name, t]));
  const weights = new Map(
    graph.weights.map((weight) => {
      const tensor = byName.get(weight.name)!;
      const elements = tensor.shape.reduce((a, b) => a * b, 1);
      return [weight.name, dequantize(tensor.type, tensorData(header, file, tensor), elements)] as const;
    }),
  );
  const contextLength = options.contextLength ?? defaultContextLength(config);
  return {
    config,
    forward: new CpuForward(config, graph, weights, contextLength, options.kvPrecision ?? 'f32'),
  };
}
