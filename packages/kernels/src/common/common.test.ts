import { describe, expect, it } from 'vitest';
import { partsInBuffer, splitRows } from '../matmul/weight-parts.ts';
import { defineParams } from './params.ts';
import { shaderSource } from './shader-source.ts';

describe('defineParams', () => {
  it('packs field i at byte 4 i, little-endian, with the declared type', () => {
    const layout = defineParams('P', [
      ['a', 'u32'],
      ['b', 'f32'],
      ['c', 'i32'],
    ] as const);
    expect(layout.byteSize).toBe(16);
    const view = new DataView(layout.pack({ a: 7, b: 1.5, c: -2 }));
    expect([view.getUint32(0, true), view.getFloat32(4, true), view.getInt32(8, true)]).toEqual([7, 1.5, -2]);
  });
  it('rejects a u32 that is not one', () => {
    const layout = defineParams('P', [['a', 'u32']] as const);
    expect(() => layout.pack({ a: -1 })).toThrow(/P.a must be a u32/);
  });
});

describe('shaderSource', () => {
  it('prepends enables, aliases and constants, renames functions and selects #if blocks', () => {
    const body = [
      'fn f() { g_T(); }',
      '#if A',
      'a',
      '#if B',
      'ab',
      '#else',
      'a-not-b',
      '#endif',
      '#else',
      'not-a',
      '#endif',
    ];
    const code = shaderSource(body.join('\n'), {
      enables: ['f16'],
      aliases: { t: 'f16' },
      constants: { N: 4 },
      replace: { g_T: 'g_q4' },
      flags: { A: true, B: false },
    });
    expect(code.split('\n')).toEqual([
      'enable f16;',
      'alias t = f16;',
      'const N: u32 = 4u;',
      'fn f() { g_q4(); }',
      'a',
      'a-not-b',
    ]);
  });
});

describe('splitRows', () => {
  it('keeps every part start aligned and every part within the binding size', () => {
    const rowBytes = 180; // 10 Q4_0 blocks
    const counts = splitRows(150, rowBytes, 16384);
    expect(counts).toEqual([64, 64, 22]);
    const parts = partsInBuffer({} as GPUBuffer, counts, rowBytes);
    for (const part of parts) {
      expect(part.byteOffset % 256).toBe(0);
      expect(part.rows * rowBytes).toBeLessThanOrEqual(16384);
    }
  });
  it('says when no aligned row range fits', () => {
    expect(() => splitRows(10, 210, 1024)).toThrow(/cannot hold 128 rows/);
  });
});
