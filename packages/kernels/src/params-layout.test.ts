// Each params struct is declared once in TS; this checks the declaration against the WGSL struct it packs.
import { describe, expect, it } from 'vitest';
import { type ParamsLayout, wgslStructFields } from './common/params.ts';
import { wgsl } from './generated/shaders.ts';
import { matmulParams } from './matmul/matmul.ts';

const structs: [ParamsLayout<string>, string][] = [[matmulParams, wgsl.matmul]];

describe('params structs match their WGSL declaration', () => {
  for (const [layout, source] of structs) {
    it(layout.structName, () => {
      expect(wgslStructFields(source, layout.structName)).toEqual(
        layout.fields.map(([name, type]) => [name, type]),
      );
    });
  }
});
