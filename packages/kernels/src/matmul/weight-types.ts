// Weight types the matmul and embedding kernels read directly from GGUF bytes. Names are GgmlType's enum
// keys, so `GgmlType[type]` converts a tensor's type.

export const weightTypes = [
  'F32',
  'F16',
  'BF16',
  'Q8_0',
  'Q4_0',
  'Q4_1',
  'Q5_0',
  'Q5_1',
  'Q4_K',
  'Q5_K',
  'Q6_K',
  'IQ4_NL',
  'Q2_K',
  'Q3_K',
] as const;

export type WeightType = (typeof weightTypes)[number];

interface TypeLayout {
  /** Elements per block. */
  blockSize: number;
  /** Bytes per block. */
  typeSize: number;
}

const layouts: Record<WeightType, TypeLayout> = {
  F32: { blockSize: 1, typeSize: 4 },
  F16: { blockSize: 1, typeSize: 2 },
  BF16: { blockSize: 1, typeSize: 2 },
  Q8_0: { blockSize: 32, typeSize: 34 },
  Q4_0: { blockSize: 32, typeSize: 18 },
  Q4_1: { blockSize: 32, typeSize: 20 },
  Q5_0: { blockSize: 32, typeSize: 22 },
  Q5_1: { blockSize: 32, typeSize: 24 },
  Q4_K: { blockSize: 256, typeSize: 144 },
  Q5_K: { blockSize: 256, typeSize: 176 },
  Q6_K: { blockSize: 256, typeSize: 210 },
  IQ4_NL: { blockSize: 32, typeSize: 18 },
  Q2_K: { blockSize: 256, typeSize: 84 },
  Q3_K: { blockSize: 256, typeSize: 110 },
};

export function isWeightType(name: string): name is WeightType {
  return (weightTypes as readonly string[]).includes(name);
}

export function typeLayout(type: WeightType): TypeLayout {
  return layouts[type];
}

/** Bytes of one weight row of `cols` elements (cols must be a multiple of the block size). */
export function rowBytes(type: WeightType, cols: number): number {
  const { blockSize, typeSize } = layouts[type];
  if (cols % blockSize !== 0)
    throw new Error(`${type} rows need a multiple of ${blockSize} columns, got ${cols}`);
  return (cols / blockSize) * typeSize;
}
