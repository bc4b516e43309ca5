// Checks a GGUF file's tensors against what a model graph reads: every weight present, with the shape the
// graph expects and a type the backend can use.
import { UnsupportedModelError } from '../errors.ts';
import { storedTensor, type WeightRef } from '../graph/graph.ts';

/**
 * Refuses the model unless every weight exists with the expected shape and a type the backend can use.
 * `typeName` turns a type id into a readable name for the error.
 */
export function checkTensors(
  weights: readonly WeightRef[],
  tensors: readonly { name: string; type: number; shape: readonly number[] }[],
  supportedTypes: ReadonlySet<number>,
  typeName: (type: number) => string,
): void {
  const byName = new Map(tensors.map((t) => [t.name, t]));
  for (const ref of weights) {
    const weight = storedTensor(ref);
    const tensor = byName.get(weight.name);
    if (!tensor) throw new UnsupportedModelError(`tensor ${weight.name} is missing`, weight.name);
    if (tensor.shape.join(',') !== weight.shape.join(',')) {
      throw new UnsupportedModelError(
        `tensor ${weight.name} has shape [${tensor.shape}], expected [${weight.shape}]`,
        weight.name,
      );
    }
    if (!supportedTypes.has(tensor.type)) {
      throw new UnsupportedModelError(
        `tensor ${weight.name} has type ${typeName(tensor.type)}, not supported`,
        typeName(tensor.type),
      );
    }
  }
}
