// The LFM2 synthetic models: LFM2-350M's widths (n_embd 1024, 16 query heads of 64 on 8 KV heads, 3 conv
// taps, rope base 1e6, RMS eps 1e-5, tied head) in 3 layers (conv, attention, conv: the KV cache's one layer
// is model layer 1, and conv state is read on both sides of it) instead of 16, the FFN (4608) and the
// vocabulary (65536) reduced to 512; in F32, Q8_0 and Q4_K_M (llama.cpp's lfm2 mix).
import {
  F32_AND_QUANTIZED_FILE_TYPES,
  type FamilyFileType,
  type FamilyReferenceSet,
  familyModels,
} from './family-reference-set.ts';
import { type Lfm2Shape, lfm2Model, lfm2Q4KMediumTypes } from './synthetic-lfm2.ts';

const lfm2Small: Lfm2Shape = {
  nEmbd: 1024,
  nFf: 512,
  nLayer: 3,
  vocab: 512,
  nHead: 16,
  nHeadKv: 8,
  headDim: 64,
  tiedOutput: true,
  attentionLayers: [false, true, false],
};

/**
 * llama.cpp's 8-bit activations weigh more here: a conv block multiplies three outputs of one in_proj (B, x,
 * C), so each carries the input's rounding into the product. Measured over 256 positions (the recording):
 * F32 mean KL 5.3e-7, max |d ln p| 0.0078; Q8_0 3.5e-3, 0.56; Q4_K_M 8.1e-3, 0.89 (the llama 3 set's:
 * 2.3e-3, 0.44 and 5.0e-3, 0.68).
 */
const LFM2_BOUNDS: Readonly<Record<string, FamilyFileType['bounds']>> = {
  Q8_0: { maxLogprobDiff: 0.8, meanKl: 5e-3 },
  Q4_K_M: { maxLogprobDiff: 1.2, meanKl: 1.1e-2 },
};
const fileTypes = F32_AND_QUANTIZED_FILE_TYPES.map((f) => ({
  ...f,
  bounds: LFM2_BOUNDS[f.name] ?? f.bounds,
}));

export const LFM2_SET: FamilyReferenceSet = {
  name: 'lfm2',
  referenceUrl: new URL('../../fixtures/synthetic-lfm2-references.json', import.meta.url),
  models: familyModels(
    'lfm2',
    fileTypes,
    { F32: 71, Q8_0: 71, Q4_K_M: 71 },
    (type, seed) => lfm2Model(lfm2Small, type, seed),
    () => lfm2Q4KMediumTypes(lfm2Small),
  ),
  // Q8_0 differs from the others only in weight types, which the other sets run on the GPU.
  gpuModels: ['lfm2-F32', 'lfm2-Q4_K_M'],
};
