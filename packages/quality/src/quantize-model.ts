// Quantizes a whole GGUF model with a llama.cpp file type, using @wgllm/gguf's bit-exact quantizers.
import {
  dequantize,
  type GgmlType,
  type GgufTensorInput,
  ggufValue,
  parseGguf,
  quantize,
  tensorData,
  typedMetadata,
  writeGguf,
} from '@wgllm/gguf';
import { readModelConfig } from '@wgllm/runtime';
import { resolveFileType } from './file-types.ts';
import { chooseTensorTypes, type TensorChoice } from './quant-recipe.ts';

/** GGML_QNT_VERSION, written as general.quantization_version like llama-quantize does. */
const QUANTIZATION_VERSION = 2;

export interface QuantizedModel {
  file: Uint8Array;
  /** Every tensor's type before and after, and the type the mix wanted where a fallback replaced it. */
  tensors: TensorChoice[];
}

export function quantizeModel(
  file: Uint8Array,
  typeName: string,
  options: { pure?: boolean } = {},
): QuantizedModel {
  const fileType = resolveFileType(typeName);
  const header = parseGguf(file);
  const config = readModelConfig(header);
  const choices = chooseTensorTypes(
    { nLayer: config.nLayer, nHead: config.nHead, nHeadKv: config.nHeadKv, tensors: header.tensors },
    fileType,
    options.pure,
  );
  const tensors: GgufTensorInput[] = header.tensors.map((tensor, i) => {
    const { to } = choices[i]!;
    const data = tensorData(header, file, tensor);
    return {
      name: tensor.name,
      type: to,
      shape: tensor.shape,
      data: convert(tensor.type, to, data, tensor.shape),
    };
  });
  const metadata = typedMetadata(header);
  metadata.set('general.quantization_version', ggufValue.u32(QUANTIZATION_VERSION));
  metadata.set('general.file_type', ggufValue.u32(fileType.ftype));
  return { file: writeGguf({ metadata, tensors }, header.alignment), tensors: choices };
}

/** Re-encodes tensor bytes from one type to another through f32 (bytes as they are when the type is kept). */
function convert(from: GgmlType, to: GgmlType, data: Uint8Array, shape: readonly number[]): Uint8Array {
  if (from === to) return data;
  const elements = shape.reduce((a, b) => a * b, 1);
  return quantize(to, dequantize(from, data, elements));
}
