import { dequantize, GgmlType, type GgufHeader, isDequantizable, parseGguf, tensorData } from '@wgllm/gguf';
import { readModelDefinition } from '../families/registry.ts';
import { storedTensor } from '../graph/graph.ts';
import type { ModelConfig } from '../model/config.ts';
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
  const { config, graph, contextLength } = readModelDefinition(header, options.contextLength);
  checkTensors(graph.weights, header.tensors, cpuSupportedTypes, ggmlTypeName);
  const byName = new Map(header.tensors.map((t) => [t.name, t]));
  const dequantized = new Map<string, Float32Array>();
  /** Each stored tensor dequantized once, however many row ranges of it the graph reads. */
  const stored = (name: string) => {
    const known = dequantized.get(name);
    if (known) return known;
    const tensor = byName.get(name)!;
    const elements = tensor.shape.reduce((a, b) => a * b, 1);
    const data = dequantize(tensor.type, tensorData(header, file, tensor), elements);
    dequantized.set(name, data);
    return data;
  };
  // A row range is a view of its tensor's rows: (rows, cols) row-major.
  const weights = new Map(
    graph.weights.map((w) => {
      const data = stored(storedTensor(w).name);
      if (!w.rowsOf) return [w.name, data] as const;
      const cols = w.shape[0]!;
      const first = w.rowsOf.firstRow * cols;
      return [w.name, data.subarray(first, first + w.shape[1]! * cols)] as const;
    }),
  );
  return {
    config,
    forward: new CpuForward(config, graph, weights, contextLength, options.kvPrecision ?? 'f32'),
  };
}
