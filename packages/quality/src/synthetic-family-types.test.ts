// The runtime's family synthetic sets write their Q4_K_M files with per-tensor types of their own
// (runtime/src/testing/family-reference-set.ts): they must be the types llama.cpp's mix gives those shapes.
import { parseGguf } from '@wgllm/gguf';
import { FAMILY_SETS, syntheticFamilyModel } from '@wgllm/runtime/testing';
import { describe, expect, it } from 'vitest';
import { resolveFileType } from './file-types.ts';
import { chooseTensorTypes } from './quant-recipe.ts';

describe('family synthetic Q4_K_M files follow llama.cpp Q4_K_M mix', () => {
  for (const set of FAMILY_SETS) {
    for (const { name, spec } of set.models.filter((m) => m.name.endsWith('-Q4_K_M'))) {
      // olmo2's 2048-wide file: seconds of quantizing on an idle core.
      it(name, { timeout: 180_000 }, () => {
        const { tensors } = parseGguf(syntheticFamilyModel(spec));
        const { nLayer, nHead, nHeadKv } = spec.base;
        const f32 = tensors.map((t) => ({ ...t, type: 0 }));
        const choices = chooseTensorTypes(
          { nLayer, nHead, nHeadKv, tensors: f32 },
          resolveFileType('Q4_K_M'),
        );
        expect(tensors.map((t) => [t.name, t.type])).toEqual(choices.map((c) => [c.name, c.to]));
      });
    }
  }
});
