// llama.cpp's file types (enum llama_ftype) that our quantizers can produce, by llama-quantize's names.
import { GgmlType } from '@wgllm/gguf';

export interface FileType {
  name: string;
  /** LLAMA_FTYPE_* number, stored as general.file_type. */
  ftype: number;
  /** The type most matrices get (llama_ftype_get_default_type); the recipe changes some. */
  defaultType: GgmlType;
}

const table: [string, number, GgmlType][] = [
  ['F32', 0, GgmlType.F32],
  ['F16', 1, GgmlType.F16],
  ['BF16', 32, GgmlType.BF16],
  ['Q8_0', 7, GgmlType.Q8_0],
  ['Q6_K', 18, GgmlType.Q6_K],
  ['Q5_K_M', 17, GgmlType.Q5_K],
  ['Q5_K_S', 16, GgmlType.Q5_K],
  ['Q5_1', 9, GgmlType.Q5_1],
  ['Q5_0', 8, GgmlType.Q5_0],
  ['Q4_K_M', 15, GgmlType.Q4_K],
  ['Q4_K_S', 14, GgmlType.Q4_K],
  ['Q4_1', 3, GgmlType.Q4_1],
  ['Q4_0', 2, GgmlType.Q4_0],
  ['IQ4_NL', 25, GgmlType.IQ4_NL],
  ['Q3_K_L', 13, GgmlType.Q3_K],
  ['Q3_K_M', 12, GgmlType.Q3_K],
  ['Q3_K_S', 11, GgmlType.Q3_K],
  ['Q2_K', 10, GgmlType.Q2_K],
  ['Q2_K_S', 21, GgmlType.Q2_K],
];

export const fileTypes: ReadonlyMap<string, FileType> = new Map(
  table.map(([name, ftype, defaultType]) => [name, { name, ftype, defaultType }]),
);

/** llama-quantize's aliases. */
const aliases: Readonly<Record<string, string>> = { Q3_K: 'Q3_K_M', Q4_K: 'Q4_K_M', Q5_K: 'Q5_K_M' };

export function resolveFileType(name: string): FileType {
  const upper = name.toUpperCase();
  const found = fileTypes.get(aliases[upper] ?? upper);
  if (!found)
    throw new Error(`unknown quantization type ${name} (known: ${[...fileTypes.keys()].join(', ')})`);
  return found;
}
